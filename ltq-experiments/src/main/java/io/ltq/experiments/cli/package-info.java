/**
 * The {@code ltq} command line ({@link io.ltq.experiments.cli.Ltq}, picocli): {@code lottery},
 * {@code oneshot}, {@code stability}, {@code retrain}, {@code distances}, {@code compare},
 * {@code report}, {@code bench} and {@code list}, and the subcommands other modules add through
 * {@link io.ltq.experiments.cli.LtqSubcommand} (ltq-spark's {@code sweep}). {@link
 * io.ltq.experiments.cli.RunCheck} checks a {@code lottery} or {@code oneshot} command line the
 * way the command does, without training, for tools that start many runs. A user's mistake (a
 * {@link io.ltq.experiments.UserMistakeException}) becomes one sentence and exit code 2; LTQ's own
 * failure a stack trace and exit code 1.
 */
package io.ltq.experiments.cli;

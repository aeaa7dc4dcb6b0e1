package io.ltq.experiments.cli;

/**
 * A subcommand that another module adds to {@code ltq}: a picocli {@code @Command} class with a
 * public no-argument constructor, named in that module's {@code
 * META-INF/services/io.ltq.experiments.cli.LtqSubcommand}. {@link Ltq} finds every one on the
 * class path through {@link java.util.ServiceLoader} and offers it next to its own commands, so
 * that a module this one cannot depend on (such as {@code ltq-spark}'s {@code ltq sweep}) is
 * there whenever its jar is.
 *
 * <p>Its execution gets the same handling as the built-in commands: a {@link
 * io.ltq.experiments.UserMistakeException} becomes one sentence and exit code 2; any other
 * exception is LTQ's own failure, a stack trace and exit code 1.
 */
public interface LtqSubcommand {}

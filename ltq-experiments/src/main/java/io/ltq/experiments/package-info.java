/**
 * What the packages of ltq-experiments share: {@link io.ltq.experiments.UserMistakeException},
 * the one type of a user's mistake, whose message the {@code ltq} command line prints as is
 * (exit code 2). Any other exception is LTQ's own failure (a stack trace, exit code 1).
 */
package io.ltq.experiments;

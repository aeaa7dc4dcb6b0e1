/**
 * LTQ's experiments on DJL. {@link io.ltq.experiments.UserMistakeException} is the one type of a
 * user's mistake: one sentence with the fix, exit code 2.
 */
package io.ltq.experiments;

/**
 * LTQ's experiments from Java, for a network and data of one's own: {@link
 * io.ltq.experiments.run.LotteryRun} makes the run folder {@code ltq lottery} makes, with its
 * controls, exact resume and analyses.
 */
package io.ltq.experiments.run;

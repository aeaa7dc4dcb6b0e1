/**
 * Iterative magnitude pruning as a resumable run: the settings as grouped, self-checking records
 * ({@link io.ltq.experiments.lottery.LotteryConfig}), the papers' {@link
 * io.ltq.experiments.lottery.Preset}s, the one runner of a run's network ({@link
 * io.ltq.experiments.lottery.RunSession}), the IMP loop with its controls ({@link
 * io.ltq.experiments.lottery.LotteryExperiment}) and the run folder ({@link
 * io.ltq.experiments.lottery.RunDirectory}), written so that a rerun resumes bit for bit.
 */
package io.ltq.experiments.lottery;

package io.ltq.experiments.cli;

import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.PruningSchedule;
import io.ltq.experiments.lottery.RunModels;

/**
 * What an {@code ltq lottery} or {@code ltq oneshot} command line asks for, once its options are
 * parsed: the shared run options, the levels and the per-level rates. Running the
 * command and checking it without running ({@link RunCheck}) both start from here, so both refuse
 * the same things with the same sentences.
 *
 * @param run the shared run options
 * @param levels pruning levels after the dense one
 * @param rates per-level pruning rates
 * @param schedule iterative ({@code ltq lottery}) or one-shot ({@code ltq oneshot})
 */
record TrainingRequest(RunOptions run, int levels, LayerRates rates, PruningSchedule schedule) {

    /**
     * Checks the cheap things, names and ranges, before any data is loaded.
     *
     * @param checkDevice whether to ask the engine for the GPU of {@code --device gpu}; a machine
     *     that only plans runs for others need not have one
     * @throws io.ltq.experiments.UserMistakeException naming the first setting that is wrong
     */
    void checkNames(boolean checkDevice) {
        run.preset();
        run.engineName();
        run.maskFormat();
        run.catalog().pruner(run.pruner);
        Controls.parse(run.controls, run.catalog());
        run.catalog().dataset(run.datasetName());
        if (checkDevice) {
            RunModels.device(run.engineName(), run.device);
        }
    }

    /**
     * Builds the run's settings.
     *
     * @param stepsPerEpoch training steps in one epoch of the loaded data, to read {@code
     *     --rewind} in epochs
     * @return the checked settings
     * @throws io.ltq.experiments.UserMistakeException naming the first setting out of range
     */
    LotteryConfig config(long stepsPerEpoch) {
        return run.toConfig(levels, rates, schedule, stepsPerEpoch);
    }
}

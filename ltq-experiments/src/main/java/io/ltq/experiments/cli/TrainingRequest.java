package io.ltq.experiments.cli;

import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.RunModels;
import java.util.List;

/**
 * What an {@code ltq lottery} or {@code ltq oneshot} command line asks for, once its options are
 * parsed: the shared run options, the levels, the per-level rates and the controls. Running the
 * command and checking it without running ({@link RunCheck}) both start from here, so both refuse
 * the same things with the same sentences.
 *
 * @param run the shared run options
 * @param levels pruning levels after the dense one
 * @param rates per-level pruning rates
 * @param controls the names given to {@code --controls}
 */
record TrainingRequest(RunOptions run, int levels, LayerRates rates, List<String> controls) {

    /**
     * Checks the cheap things, names and ranges, before any data is loaded.
     *
     * @param checkDevice whether to ask the engine for the GPU of {@code --device gpu}; a machine
     *     that only plans runs for others need not have one
     * @return the controls the command asks for
     * @throws IllegalArgumentException naming the first setting that is wrong
     */
    Controls checkNames(boolean checkDevice) {
        run.preset();
        run.engineName();
        run.maskFormat();
        if (checkDevice) {
            RunModels.device(run.engineName(), run.device);
        }
        return Controls.parse(controls);
    }

    /**
     * Builds the run's settings.
     *
     * @param stepsPerEpoch training steps in one epoch of the loaded data, to read {@code
     *     --rewind} in epochs
     * @return the checked settings
     * @throws IllegalArgumentException naming the first setting out of range
     */
    LotteryConfig config(long stepsPerEpoch) {
        return run.toConfig(levels, rates, Controls.parse(controls), stepsPerEpoch);
    }
}

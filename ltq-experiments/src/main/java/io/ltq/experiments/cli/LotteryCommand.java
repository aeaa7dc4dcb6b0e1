package io.ltq.experiments.cli;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.lottery.PruningSchedule;
import io.ltq.experiments.lottery.RunComponents;
import io.ltq.experiments.lottery.RunDirectory;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ltq lottery}: iterative magnitude pruning with rewinding, and its controls. */
@Command(
        name = "lottery",
        mixinStandardHelpOptions = true,
        description = {
            "Find lottery tickets by iterative magnitude pruning: train, prune a fraction of the"
                    + " surviving weights, rewind the survivors to step k, repeat.",
            "Defaults are the paper's setup for the network; rerunning a command resumes it."
        })
final class LotteryCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin RunOptions run;

    @Mixin LevelOptions levels;

    @Override
    public Integer call() throws Exception {
        return execute(request(), spec);
    }

    /** The parsed command line; unset rates take the network's preset. */
    TrainingRequest request() {
        LayerRates rates = levels.rates(run.preset());
        return new TrainingRequest(run, levels.levels(rates), rates, PruningSchedule.ITERATIVE);
    }

    static int execute(TrainingRequest request, CommandSpec spec) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunOptions run = request.run();
        // Check the cheap things (names, ranges) before loading any data, and every setting
        // before the folder is made: one epoch of one step stands in for the data's, which only
        // --rewind in epochs reads, and never makes a valid k invalid.
        request.checkNames(true);
        request.config(1);
        boolean madeOut = run.checkOut();
        try {
            return train(request, out, err);
        } catch (UserMistakeException e) {
            if (madeOut) {
                run.removeOutIfUnused();
            }
            throw e;
        }
    }

    private static int train(TrainingRequest request, PrintWriter out, PrintWriter err)
            throws java.io.IOException {
        RunOptions run = request.run();
        ExperimentDataLoader.Loaded data = ExperimentDataLoader.load(run);
        LotteryConfig config = request.config(data.stepsPerEpoch());
        RunComponents components = run.catalog().components(config);
        ConsoleReporter reporter = new ConsoleReporter(out, err, run.json, run.quiet);
        reporter.announce("ltq: " + config + ", rewind to step " + config.pruning().rewindStep()
                + ", data " + data.description() + ", out " + run.out);
        RunDirectory dir = new RunDirectory(run.out, run.maskFormat());
        new LotteryExperiment(config, components, data.data(), dir, reporter).run();
        reporter.printTable(config.training().iterations());
        out.flush();
        return 0;
    }
}

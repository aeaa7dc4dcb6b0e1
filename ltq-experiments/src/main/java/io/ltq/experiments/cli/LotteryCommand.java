package io.ltq.experiments.cli;

import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.lottery.Preset;
import io.ltq.experiments.lottery.RunDirectory;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Mixin RunOptions run;

    @Option(names = "--levels", defaultValue = "20", description = "Pruning levels after the"
            + " dense one (default: ${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--prune-dense", description = "Per-level rate of fully connected layers.")
    Double pruneDense;

    @Option(names = "--prune-conv", description = "Per-level rate of convolutions.")
    Double pruneConv;

    @Option(names = "--prune-output", description = "Per-level rate of the output layer.")
    Double pruneOutput;

    @Option(names = "--controls", split = ",", defaultValue = "reinit,random-prune",
            description = "Controls trained on every level's mask: reinit, random-prune, both"
                    + " (default) or none.")
    java.util.List<String> controls;

    @Override
    public Integer call() throws Exception {
        return execute(request());
    }

    /** The parsed command line; unset rates take the network's preset. */
    TrainingRequest request() {
        Preset p = run.preset();
        double[] rates = {
            pruneDense != null ? pruneDense : p.pruneDense(),
            pruneConv != null ? pruneConv : p.pruneConv(),
            pruneOutput != null ? pruneOutput : p.pruneOutput()
        };
        return new TrainingRequest(run, levels, rates, controls);
    }

    static int execute(TrainingRequest request) throws Exception {
        RunOptions run = request.run();
        // Check the cheap things (names, ranges) before loading any data.
        request.checkNames(true);
        run.checkOut();
        ExperimentDataLoader.Loaded data = ExperimentDataLoader.load(run);
        LotteryConfig config = request.config(data.stepsPerEpoch());
        PrintStream out = System.out;
        ConsoleReporter reporter = new ConsoleReporter(out, System.err, run.json, run.quiet);
        if (!run.json && !run.quiet) {
            System.err.println("ltq: " + config + ", rewind to step " + config.rewindStep()
                    + ", data " + data.description() + ", out " + run.out);
        }
        RunDirectory dir = new RunDirectory(run.out, run.maskFormat());
        new LotteryExperiment(config, data.data(), dir, reporter).run();
        reporter.printTable(config.iterations());
        return 0;
    }
}

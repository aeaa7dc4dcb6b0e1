package io.ltq.experiments.cli;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.stability.InstabilityAnalysis;
import io.ltq.experiments.stability.StabilityResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ltq stability}: linear mode connectivity of two copies trained from step k. */
@Command(
        name = "stability",
        mixinStandardHelpOptions = true,
        description = {
            "Instability analysis: from step k of a run's dense network (or with an IMP level's"
                    + " mask), train two copies on different data orders, and measure the error"
                    + " along the straight line between them.",
            "The pair is stable when the error barrier (max error on the path minus the mean of"
                    + " its ends) is below the threshold. Results go to RUN/stability/."
        })
final class StabilityCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The run folder of an ltq lottery run.")
    Path run;

    @Option(names = "--k", split = ",", defaultValue = "0", description = "Steps to start the"
            + " two copies from, e.g. 0,100,500 (default: ${DEFAULT-VALUE}).")
    List<Long> steps;

    @Option(names = "--level", defaultValue = "0", description = "IMP level whose mask is"
            + " applied; 0 is the dense network (default: ${DEFAULT-VALUE}).")
    int level;

    @Option(names = "--points", defaultValue = "30", description = "Interpolation points"
            + " (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2", description = "Data-order"
            + " seeds of the two copies (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--threshold", defaultValue = "0.02", description = "Barrier below which the"
            + " pair is stable (default: ${DEFAULT-VALUE}, i.e. 2%%).")
    double threshold;

    @Option(names = "--train-eval", defaultValue = "10000", description = "Training examples for"
            + " the train error along the path (default: ${DEFAULT-VALUE}).")
    int trainEval;

    @Option(names = "--data", description = "Folder with the run's dataset files, if it was"
            + " not found by default.")
    Path data;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (!Files.isDirectory(run)) {
            throw new UserMistakeException(
                    run + " is not a folder: give the --out folder of an ltq lottery run.");
        }
        if (seeds.size() != 2) {
            throw new UserMistakeException(
                    "--seeds needs exactly two data-order seeds, e.g. 1,2; got " + seeds + ".");
        }
        RunDirectory dir = new RunDirectory(run);
        ConsoleReporter reporter =
                new ConsoleReporter(stdout, spec.commandLine().getErr(), false, quiet);
        InstabilityAnalysis.Builder builder =
                InstabilityAnalysis.builder()
                        .setRun(dir)
                        .optLevel(level)
                        .optSteps(steps)
                        .optPoints(points)
                        .optSeeds(seeds.get(0), seeds.get(1))
                        .optThreshold(threshold)
                        .optTrainEvalSize(trainEval)
                        .optListener(reporter);
        var config = dir.readConfig();
        if (config == null) {
            throw new UserMistakeException(
                    run + " is not a run folder (no run.json): give the --out folder of an ltq"
                            + " lottery run.");
        }
        builder.setData(ExperimentDataLoader.forRun(dir, config, data));
        List<StabilityResult> results = builder.build().run();
        stdout.printf(Locale.ROOT, "%n%6s  %8s  %12s  %13s  %s%n", "level", "k",
                "test barrier", "train barrier", "stable");
        for (StabilityResult r : results) {
            stdout.printf(Locale.ROOT, "%6d  %8d  %11.2f%%  %12.2f%%  %s%n", r.level(),
                    r.step(), 100 * r.testBarrier(), 100 * r.trainBarrier(),
                    r.stable() ? "yes" : "no");
        }
        stdout.flush();
        return 0;
    }
}

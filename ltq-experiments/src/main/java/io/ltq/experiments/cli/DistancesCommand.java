package io.ltq.experiments.cli;

import io.ltq.experiments.compare.TicketDistance;
import io.ltq.experiments.compare.TicketDistances;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunSession;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ltq distances}: how far each retrained ticket lies from the dense network. */
@Command(
        name = "distances",
        mixinStandardHelpOptions = true,
        description = {
            "Where tickets go: per level, the L2 and cosine distance between the retrained ticket"
                    + " and the dense trained network under the ticket's mask, the error barrier"
                    + " on the straight line between them, and the mask overlap with the previous"
                    + " level.",
            "Results go to RUN/distances/. For overlap between seeds or engines, see ltq compare."
        })
final class DistancesCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The run folder of an ltq lottery run.")
    Path run;

    @Option(names = "--levels", split = ",", description = "Levels to measure (default: every"
            + " trained level from 1).")
    List<Integer> levels = List.of();

    @Option(names = "--points", defaultValue = "11", description = "Points on each straight"
            + " line (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--train-eval", defaultValue = "5000", description = "Training examples for"
            + " the train error along each line (default: ${DEFAULT-VALUE}).")
    int trainEval;

    @Option(names = "--data", description = "Folder with the run's dataset files, if it was"
            + " not found by default.")
    Path data;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        RunDirectory dir = new RunDirectory(run);
        var config = RunSession.requireRun(dir);
        List<TicketDistance> rows =
                TicketDistances.builder()
                        .setRun(dir)
                        .setData(ExperimentDataLoader.forRun(dir, config, data)
                                .apply(config.seeds().dataSeed()))
                        .optLevels(levels)
                        .optPoints(points)
                        .optTrainEvalSize(trainEval)
                        .build()
                        .run();
        stdout.printf(Locale.ROOT, "%5s  %9s  %9s  %8s  %7s  %11s  %12s  %8s  %8s%n",
                "level", "remaining", "L2", "rel. L2", "cosine", "ticket err", "dense*m err",
                "barrier", "jaccard");
        for (TicketDistance r : rows) {
            stdout.printf(Locale.ROOT,
                    "%5d  %8.2f%%  %9.3f  %8.3f  %7.3f  %10.2f%%  %11.2f%%  %7.2f%%  %8.3f%n",
                    r.level(), r.weightsRemaining(), r.l2(), r.relativeL2(), r.cosine(),
                    100 * r.ticketTestError(), 100 * r.denseMaskedTestError(),
                    100 * r.testBarrier(), r.jaccardWithPreviousLevel());
        }
        stdout.println("Results: " + dir.root().resolve("distances/distances.csv"));
        stdout.flush();
        return 0;
    }
}

package io.ltq.experiments.cli;

import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunSession;
import io.ltq.experiments.retrain.RetrainMethod;
import io.ltq.experiments.retrain.RetrainResult;
import io.ltq.experiments.retrain.RetrainingStudy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ltq retrain}: weight rewinding vs learning-rate rewinding vs fine-tuning. */
@Command(
        name = "retrain",
        mixinStandardHelpOptions = true,
        description = {
            "Retrain a run's IMP masks three ways at equal budget T-k: weight rewinding to step k,"
                    + " learning-rate rewinding from k (trained weights kept), and fine-tuning"
                    + " (trained weights, final learning rate).",
            "Results go to RUN/retrain/; finished combinations are skipped when rerun."
        })
final class RetrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The run folder of an ltq lottery run.")
    Path run;

    @Option(names = "--levels", split = ",", description = "Levels to retrain, e.g. 2,5"
            + " (default: every level with a mask and the previous level's trained weights).")
    List<Integer> levels = List.of();

    @Option(names = "--k", split = ",", defaultValue = "0", description = "Steps k; each gives"
            + " a budget of T-k steps (default: ${DEFAULT-VALUE}).")
    List<Long> steps;

    @Option(names = "--methods", split = ",", defaultValue = "weight-rewind,lr-rewind,fine-tune",
            description = "Methods to compare (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--eval-every", description = "Evaluate every N steps (default: the"
            + " run's).")
    Long evalEvery;

    @Option(names = "--data", description = "Folder with the run's dataset files, if it was"
            + " not found by default.")
    Path data;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        RunDirectory dir = new RunDirectory(run);
        var config = RunSession.requireRun(dir);
        Set<RetrainMethod> chosen = EnumSet.noneOf(RetrainMethod.class);
        methods.forEach(m -> chosen.add(RetrainMethod.fromName(m.trim())));
        RetrainingStudy.Builder builder =
                RetrainingStudy.builder()
                        .setRun(dir)
                        .optLevels(levels)
                        .optSteps(steps)
                        .optMethods(chosen)
                        .optListener(new ConsoleReporter(stdout, spec.commandLine().getErr(),
                                false, quiet));
        if (evalEvery != null) {
            builder.optEvalEvery(evalEvery);
        }
        RetrainingStudy study =
                builder.setData(ExperimentDataLoader.forRun(dir, config, data)).build();
        List<RetrainResult> results = study.run();
        stdout.printf(Locale.ROOT, "%n%5s  %9s  %-13s  %7s  %7s  %10s  %9s  %9s%n", "level",
                "remaining", "method", "k", "budget", "early stop", "test@stop", "final");
        for (RetrainResult r : results) {
            stdout.printf(Locale.ROOT, "%5d  %8.2f%%  %-13s  %7d  %7d  %10d  %8.2f%%  %8.2f%%%n",
                    r.level(), r.weightsRemaining(), r.method(), r.k(), r.budget(),
                    r.earlyStopStep(), 100 * r.earlyStopTestAccuracy(),
                    100 * r.finalTestAccuracy());
        }
        stdout.println("Results: " + dir.root().resolve("retrain/results.csv"));
        stdout.flush();
        return 0;
    }
}

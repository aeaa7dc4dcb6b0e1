package io.ltq.experiments.cli;

import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.compare.RunComparison;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.lottery.RunDirectory;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ltq compare}: runs side by side, e.g. the same experiment on PyTorch and MXNet. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Put runs side by side — the same experiment on PyTorch and MXNet, or with other"
                    + " seeds: per level the accuracy, early-stop step and time per iteration,"
                    + " and against the first run the mask overlap (Jaccard), the largest weight"
                    + " difference where the level starts (0 for the same seeds on any engine)"
                    + " and where it ends, and the accuracy difference.",
            "Only levels that every run has finished are shown."
        })
final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "2..*", description = "Two or more run folders.")
    List<Path> runs;

    @Option(names = "--out", description = "Folder to write comparison.csv into.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        RunComparison comparison = new RunComparison(runs.stream().map(RunDirectory::new).toList());
        List<RunComparison.Row> rows = comparison.rows();
        List<List<String>> diffs = comparison.settingDifferences();
        for (int i = 0; i < diffs.size(); i++) {
            stdout.println(runs.get(i + 1) + " vs " + runs.get(0) + ": "
                    + (diffs.get(i).isEmpty() ? "same settings" : String.join("; ", diffs.get(i))));
        }
        stdout.printf(Locale.ROOT,
                "%n%5s  %-12s  %-24s  %-7s  %9s  %10s  %9s  %9s  %8s  %7s  %7s  %9s  %9s  %7s%n",
                "level", "variant", "run", "engine", "remaining", "early stop", "test@stop",
                "final", "ms/iter", "jaccard", "chance", "Δθ start", "Δθ end", "Δacc");
        for (RunComparison.Row r : rows) {
            boolean ticket = r.variant().isTicket();
            stdout.printf(Locale.ROOT,
                    "%5d  %-12s  %-24s  %-7s  %8.2f%%  %10d  %8.2f%%  %8.2f%%  %8.3f  %7s  %7s"
                            + "  %9s  %9s  %+6.2f%n",
                    r.level(), r.variant(), r.run(), r.engine(), r.weightsRemaining(),
                    r.earlyStopStep(), 100 * r.earlyStopTestAccuracy(),
                    100 * r.finalTestAccuracy(), r.msPerIteration(),
                    ticket ? String.format(Locale.ROOT, "%.3f", r.maskJaccardWithFirst()) : "",
                    ticket ? String.format(Locale.ROOT, "%.3f", r.chanceJaccardWithFirst()) : "",
                    ticket ? RunComparison.formatDifference(r.startDifferenceWithFirst()) : "",
                    ticket ? RunComparison.formatDifference(r.trainedDifferenceWithFirst()) : "",
                    100 * r.accuracyDifferenceWithFirst());
        }
        if (out != null) {
            Path csv;
            try {
                csv = RunComparison.writeCsv(rows, out);
            } catch (FileSystemException e) {
                throw UserErrors.onUserPath(e);
            }
            stdout.println("Written: " + csv);
        }
        stdout.flush();
        return 0;
    }
}

package io.ltq.experiments.cli;

import io.ltq.experiments.report.Report;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ltq report}: one self-contained HTML page, PNG charts, CSV and JSON for runs. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Write one self-contained HTML page (charts embedded) for a run, several seeds of one"
                    + " configuration (mean and min-max error bars), or a comparison of runs"
                    + " (each configuration its own series).",
            "Charts: test accuracy and early-stop iteration against weights remaining, tickets"
                    + " against controls; accuracy during training; the interpolation path and"
                    + " error barrier of ltq stability. Tables: per-level accuracy and"
                    + " ShrinkBench-style parameters, FLOPs and theoretical speedup.",
            "The PNGs, CSV and JSON (the source of truth) are written next to the page."
        })
final class ReportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders of ltq lottery.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "PAGE|FOLDER", description = "The page (a name ending"
            + " in .html) or a folder for report.html; the other files go next to it (default:"
            + " RUN/report/ of the first run).")
    Path out;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        Report.Builder builder = Report.builder();
        runs.forEach(builder::addRun);
        if (out != null) {
            builder.optOut(out);
        }
        Report.Output written;
        try {
            written = builder.build().write();
        } catch (FileSystemException e) {
            // A report reads only the run folders given and writes only to its --out.
            throw UserErrors.onUserPath(e);
        }
        spec.commandLine().getOut().printf("ltq: report of %d run(s) written to %s (%d charts,"
                        + " CSV and JSON next to it)%n", written.data().runs().size(),
                written.page(), written.data().charts().size());
        spec.commandLine().getOut().flush();
        return 0;
    }
}

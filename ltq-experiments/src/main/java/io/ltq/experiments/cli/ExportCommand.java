package io.ltq.experiments.cli;

import io.ltq.djl.structure.ConvolutionCheck;
import io.ltq.experiments.export.ExportedTicket;
import io.ltq.experiments.export.TicketExport;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.RunDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ltq export}: one level's ticket as a folder a DJL program (or SciPy) reads. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Export one level's ticket. A structured ticket (--structure neurons or channels)"
                    + " becomes a compact DJL model: ticket-0000.params, ticket.npz and"
                    + " ticket.json, which ExportedTicket.block(folder) rebuilds for DJL's"
                    + " Model.load(folder, \"ticket\"); it is checked against the masked network"
                    + " on the whole test set. An unstructured ticket becomes CSR tensors"
                    + " (sparse/NAME.npz, read by scipy.sparse.load_npz) and dense.npz."
        })
final class ExportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The run folder of an ltq lottery or oneshot run.")
    Path run;

    @Option(names = "--level", required = true, description = "The finished level to export.")
    int level;

    @Option(names = "--out", required = true, description = "A new (or empty) folder.")
    Path out;

    @Option(names = "--data", description = "Folder with the run's dataset files, if it was"
            + " not found by default.")
    Path data;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        RunDirectory dir = new RunDirectory(run);
        LotteryConfig config = TicketExport.check(dir, level, out);
        ExportedTicket t = TicketExport.builder()
                .setRun(dir)
                .setLevel(level)
                .setOut(out)
                .setData(ExperimentDataLoader.forRun(dir, config, data)
                        .apply(config.seeds().dataSeed()))
                .build()
                .run();
        if (t.kind().equals("compact")) {
            stdout.printf(Locale.ROOT, "ltq export: level %d, %s kept %s: %,d parameters (dense"
                    + " %,d), %,d MACs per example (dense %,d, %.2fx fewer)%n", t.level(),
                    t.structure(), widths(t), t.ticketParameters(), t.denseParameters(),
                    t.ticketMacs(), t.denseMacs(), t.macReduction());
            stdout.printf(Locale.ROOT, "ltq export: on %s, %,d test examples: largest |logit"
                    + " difference| %.2e against the masked network, top-1 agreement %.2f%%%n",
                    t.check().engine(), t.check().examples(), t.check().maxLogitDifference(),
                    100 * t.check().top1Agreement());
            ConvolutionCheck.Result conv = ConvolutionCheck.of(t.check().engine());
            if (t.check().maxLogitDifference() > ConvolutionCheck.TOLERANCE && !conv.correct()) {
                // The files are right; this machine's engine is not (see ConvolutionCheck).
                stdout.printf(Locale.ROOT, "ltq export: %s's convolution is wrong on this"
                        + " machine at channel counts that are not a multiple of 16 (off by"
                        + " %.2f in LTQ's check), so the difference above is the engine's: the"
                        + " folder computes the masked network on a machine where the check"
                        + " passes, or on the other engine%n", conv.engine(),
                        conv.maxDifference());
            }
        } else {
            stdout.printf(Locale.ROOT, "ltq export: level %d, %.2f%% of the weights: %,d of %,d"
                    + " values nonzero; sparse/ and dense.npz hold %,d bytes, trained.params"
                    + " %,d%n", t.level(), t.weightsRemaining(), t.ticketParameters(),
                    t.denseParameters(), t.ticketBytes(), t.denseBytes());
        }
        stdout.println("ltq export: " + out.resolve(ExportedTicket.FILE));
        stdout.flush();
        return 0;
    }

    private static String widths(ExportedTicket t) {
        StringBuilder sb = new StringBuilder();
        t.kept().forEach((layer, units) -> sb.append(sb.length() == 0 ? "" : ", ")
                .append(layer).append('=').append(units.length));
        return sb.toString();
    }
}

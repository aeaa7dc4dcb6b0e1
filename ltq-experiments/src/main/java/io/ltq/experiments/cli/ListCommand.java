package io.ltq.experiments.cli;

import ai.djl.engine.Engine;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.datasets.DataSource;
import io.ltq.experiments.lottery.Network;
import io.ltq.experiments.lottery.Preset;
import io.ltq.experiments.lottery.RunModels;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code ltq list}: the networks with their presets, the datasets found, the engines found. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the networks (with the paper's setup), datasets, pruners, controls"
                + " and engines, and where each comes from.")
final class ListCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Catalog.Listing all = Catalog.discover().listing();
        out.println("Networks (their setup; override any value with flags; from: where each"
                + " comes from):");
        out.printf(Locale.ROOT, "  %-9s %-8s %-9s %-8s %6s %8s %7s  %-45s %s%n", "name",
                "dataset", "optimizer", "lr", "batch", "iters", "warmup", "pruning per level",
                "from");
        for (Catalog.Entry<Network> e : all.networks()) {
            Preset p = e.item().preset();
            out.printf(Locale.ROOT, "  %-9s %-8s %-9s %-8s %6d %8d %7d  %-45s %s%n", e.name(),
                    p.dataset() == null ? "(give)" : p.dataset(), p.optimizer(),
                    p.learningRate(), p.batchSize(), p.iterations(), p.warmupSteps(), rates(p),
                    e.origin());
        }
        out.println("  ...or --model CLASS: a Network, or a DJL Block, on LTQ_CLASSPATH.");
        out.println();
        out.println("Datasets:");
        for (Catalog.Entry<DataSource> e : all.datasets()) {
            out.printf(Locale.ROOT, "  %-17s %s%s%n", e.name(), e.item().whereFrom(null),
                    origin(e));
        }
        out.println();
        out.println("Pruners (--pruner):");
        all.pruners().forEach(e -> out.printf(Locale.ROOT, "  %-17s %s%n", e.name(), e.origin()));
        out.println();
        out.println("Controls (--controls):");
        all.controls().forEach(e -> out.printf(Locale.ROOT, "  %-17s %s%n", e.name(),
                e.origin()));
        out.println();
        out.println("Engines on the classpath:");
        for (String name : RunModels.availableEngines()) {
            try {
                Engine e = Engine.getEngine(name);
                out.printf(Locale.ROOT, "  %-8s %-8s GPUs: %d%n", name, e.getVersion(),
                        e.getGpuCount());
            } catch (RuntimeException e) {
                out.printf(Locale.ROOT, "  %-8s failed to load: %s%n", name, e.getMessage());
            }
        }
        out.flush();
        return 0;
    }

    private static String origin(Catalog.Entry<?> e) {
        return e.origin().equals("bundled") ? "" : "  (from " + e.origin() + ")";
    }

    private static String rates(Preset p) {
        String scope = p.scope().name().toLowerCase(Locale.ROOT);
        return String.format(Locale.ROOT, "%s: fc %.0f%%, conv %.0f%%, output %.0f%%", scope,
                100 * p.pruneDense(), 100 * p.pruneConv(), 100 * p.pruneOutput());
    }
}

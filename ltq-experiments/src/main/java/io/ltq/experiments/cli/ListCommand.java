package io.ltq.experiments.cli;

import ai.djl.engine.Engine;
import io.ltq.experiments.datasets.Datasets;
import io.ltq.experiments.lottery.Preset;
import io.ltq.experiments.lottery.RunModels;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code ltq list}: the networks with their presets, the datasets found, the engines found. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the networks (with the paper's setup), datasets and engines.")
final class ListCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Networks (paper setup; override any value with flags):");
        out.printf(Locale.ROOT, "  %-9s %-8s %-9s %-8s %6s %8s %7s  %s%n", "name", "dataset",
                "optimizer", "lr", "batch", "iters", "warmup", "pruning per level");
        for (Preset p : Preset.all()) {
            out.printf(Locale.ROOT, "  %-9s %-8s %-9s %-8s %6d %8d %7d  %s%n", p.model(),
                    p.dataset(), p.optimizer(), p.learningRate(), p.batchSize(), p.iterations(),
                    p.warmupSteps(), rates(p));
        }
        out.println();
        out.println("Datasets:");
        for (String name : Datasets.names()) {
            Datasets d = Datasets.fromName(name);
            Optional<java.nio.file.Path> local = d.localCopy();
            out.printf(Locale.ROOT, "  %-14s %s%n", name,
                    local.map(p -> "found at " + p)
                            .orElse(name.equals("synthetic") ? "generated on the fly"
                                    : "pass --data FOLDER, or DJL downloads it (needs internet)"));
        }
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

    private static String rates(Preset p) {
        String scope = p.scope().name().toLowerCase(Locale.ROOT);
        return String.format(Locale.ROOT, "%s: fc %.0f%%, conv %.0f%%, output %.0f%%", scope,
                100 * p.pruneDense(), 100 * p.pruneConv(), 100 * p.pruneOutput());
    }
}

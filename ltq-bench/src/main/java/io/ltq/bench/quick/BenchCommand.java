package io.ltq.bench.quick;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.cli.LtqSubcommand;
import io.ltq.experiments.lottery.RunModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltq bench}: LTQ's own cost (training-step overhead, pruning, rewinding, mask storage),
 * measured side by side with plain DJL in one run, and what a compact structured ticket saves at
 * inference, as a table or JSON. The quick entry to the
 * benchmarks of this module, whose JMH benchmarks measure the same fixtures more carefully; it
 * joins {@code ltq} through {@link LtqSubcommand} when this module is on the class path.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure LTQ's overhead on DJL training and the cost of pruning, rewinding and"
                    + " storing masks at VGG-19 size, with the targets of docs/performance.md,"
                    + " and the inference speed of compact structured tickets against dense"
                    + " networks.",
            "On a machine shared with other jobs, set OMP_NUM_THREADS=1 so that the engines do"
                    + " not fight over cores."
        })
public final class BenchCommand implements Callable<Integer>, LtqSubcommand {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "A tenth of the sizes and few repetitions: a check"
            + " that finishes in seconds, not a measurement to quote.")
    boolean quick;

    @Option(names = "--engine", defaultValue = "all", description = "PyTorch, MXNet or all"
            + " (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--only", split = ",", description = "Run only these benchmarks: step, prune,"
            + " rewind, storage, phases, compact (default: all).")
    List<String> only;

    @Option(names = "--json", description = "Print the results as one JSON document instead of"
            + " tables.")
    boolean json;

    @Option(names = "--out", description = "Also write the JSON document to this file.")
    Path out;

    @Override
    public Integer call() throws IOException {
        BenchSettings settings = new BenchSettings(quick, engines(), suites());
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        BenchReport report =
                new BenchSuite(settings, line -> {
                    stderr.println("ltq bench: " + line);
                    stderr.flush();
                }).run();
        if (json) {
            stdout.println(report.toJson());
            stdout.flush();
        } else {
            report.printTables(stdout);
        }
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, report.toJson() + "\n", StandardCharsets.UTF_8);
        }
        return 0;
    }

    private List<String> engines() {
        List<String> available = RunModels.availableEngines();
        List<String> wanted = new ArrayList<>();
        if (engine.equalsIgnoreCase("all")) {
            for (String e : RunModels.TRAINING_ENGINES) {
                if (available.contains(e)) {
                    wanted.add(e);
                }
            }
        } else {
            for (String e : RunModels.TRAINING_ENGINES) {
                if (e.equalsIgnoreCase(engine) && available.contains(e)) {
                    wanted.add(e);
                }
            }
        }
        if (wanted.isEmpty()) {
            throw new UserMistakeException(
                    "Unknown engine " + engine + " for --engine: choose PyTorch, MXNet or all"
                            + " (engines found on the classpath: " + available + ").");
        }
        return wanted;
    }

    private Set<String> suites() {
        if (only == null || only.isEmpty()) {
            return new LinkedHashSet<>(BenchSettings.ALL_SUITES);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : only) {
            String name = s.strip().toLowerCase(Locale.ROOT);
            if (!BenchSettings.ALL_SUITES.contains(name)) {
                throw new UserMistakeException(
                        "Unknown benchmark '" + s + "' for --only: choose from "
                                + String.join(", ", BenchSettings.ALL_SUITES) + ".");
            }
            out.add(name);
        }
        return out;
    }
}

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
 * inference, as a table or JSON; with {@code --only tickets --runs RUN[,RUN...]}, the inference
 * time of recorded runs' finished ticket levels, written into each run ({@link
 * TicketInferenceBench}). The quick entry to the
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
            "With --runs (--only tickets): time every finished ticket level of recorded runs"
                    + " and write RUN/inference/inference.csv, which ltq report draws test"
                    + " accuracy against.",
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
            + " rewind, storage, phases, compact, tickets (default: all; tickets when --runs is"
            + " given).")
    List<String> only;

    @Option(names = "--runs", split = ",", paramLabel = "RUN", description = "For --only tickets:"
            + " run folders whose finished ticket levels to time (the network each level runs"
            + " as, batch 256, one engine thread, on the run's own engine), written to"
            + " RUN/inference/inference.csv and inference.json, which ltq report draws.")
    List<Path> runs;

    @Option(names = "--json", description = "Print the results as one JSON document instead of"
            + " tables.")
    boolean json;

    @Option(names = "--out", description = "Also write the JSON document to this file.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Set<String> suites = suites();
        BenchSettings settings = new BenchSettings(quick, engines(), suites,
                suites.contains(BenchSettings.TICKETS) ? runs : List.of());
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
        boolean anyRuns = runs != null && !runs.isEmpty();
        if (only == null || only.isEmpty()) {
            Set<String> all = new LinkedHashSet<>(BenchSettings.MACHINE_SUITES);
            if (anyRuns) {
                all.add(BenchSettings.TICKETS);
            }
            return all;
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
        if (out.contains(BenchSettings.TICKETS) && !anyRuns) {
            throw new UserMistakeException("--only tickets times the finished levels of run"
                    + " folders: name them with --runs RUN[,RUN...].");
        }
        if (!out.contains(BenchSettings.TICKETS) && anyRuns) {
            throw new UserMistakeException("--runs names the run folders of the tickets"
                    + " benchmark, which --only " + String.join(",", only) + " leaves out: add"
                    + " tickets to --only.");
        }
        return out;
    }
}

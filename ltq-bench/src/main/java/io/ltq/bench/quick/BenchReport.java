package io.ltq.bench.quick;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.ltq.experiments.inference.InferenceTime;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Everything one {@code ltq bench} run measured, as JSON for machines and a table for people.
 *
 * @param environment the machine and how busy it was
 * @param stepOverhead benchmark 1, per engine and network
 * @param pruning benchmark 2a, per size and scope
 * @param pruningScaling benchmark 2a, the growth from the smaller size to the larger, per scope
 * @param rewind benchmark 2b, per engine
 * @param maskStorage benchmark 3, per format and density
 * @param stepPhases where a step's time goes, per engine
 * @param compactInference inference with compact structured tickets against the dense networks,
 *     per engine, network and kept fraction
 * @param ticketInference the inference time of the finished ticket levels of recorded runs, per
 *     run, as written into each run's {@code inference/inference.csv}
 */
public record BenchReport(
        BenchEnvironment environment,
        List<StepOverheadBench.Result> stepOverhead,
        List<PruningBench.Result> pruning,
        List<PruningBench.Scaling> pruningScaling,
        List<RewindBench.Result> rewind,
        List<MaskStorageBench.Result> maskStorage,
        List<StepPhasesBench.Result> stepPhases,
        List<CompactInferenceBench.Result> compactInference,
        List<TicketInferenceBench.Result> ticketInference) {

    private static final Gson GSON =
            new GsonBuilder()
                    .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
                    .serializeSpecialFloatingPointValues()
                    .setPrettyPrinting()
                    .create();

    /**
     * Returns the report as a JSON document, field names in snake case.
     *
     * @return the JSON text
     */
    public String toJson() {
        return GSON.toJson(this);
    }

    /**
     * Prints the report as tables.
     *
     * @param out where to print
     */
    public void printTables(PrintWriter out) {
        BenchEnvironment e = environment;
        out.printf(Locale.ROOT, "%d CPUs (%s), OMP_NUM_THREADS=%s, load %.2f -> %.2f, %.0f s%s%n",
                e.cpus(), e.cpuModel(), e.ompNumThreads(), e.loadAverageStart(),
                e.loadAverageEnd(), e.seconds(), e.quick() ? ", quick" : "");
        out.printf(Locale.ROOT, "GLIBC_TUNABLES=%s; CPU clock: %s; parameter server: %s%n",
                e.glibcTunables(), e.cpuClock(), e.parameterServer());
        if (!stepOverhead.isEmpty()) {
            out.println();
            out.println("Training-step overhead (LTQ 80% sparse vs plain DJL dense, Adam, batch 60;"
                    + " judged on the wall ratio)");
            out.printf(Locale.ROOT, "%-8s %-9s %10s %10s %10s %10s %10s %10s %10s %8s%n",
                    "engine", "network", "dense ms", "ltq ms", "wall ratio", "cpu ratio",
                    "faults", "noise", "vs hand", "target");
            for (StepOverheadBench.Result r : stepOverhead) {
                out.printf(Locale.ROOT,
                        "%-8s %-9s %10.3f %10.3f %10.3f %10.3f %10.0f %10s %10s %8s%n",
                        r.engine(), r.network(), r.denseMs(), r.ltqMs(), r.ratioWall(),
                        r.ratioCpu(), r.denseFaults(), optional(r.noiseRatioWall()),
                        optional(r.ratioOverHandMasked()),
                        // A quick run warms up for a handful of steps: its ratio is not a
                        // measurement to judge (the JIT alone makes early steps slower).
                        e.quick() ? "not judged" : verdict(r.meetsTarget(), "<= " + r.target()));
            }
        }
        if (!pruning.isEmpty()) {
            out.println();
            out.println("Magnitude pruning, 20% of the remaining weights (VGG-19-sized tensors)");
            out.printf(Locale.ROOT, "%-10s %12s %10s %10s %12s %8s%n", "scope", "weights",
                    "median ms", "min ms", "heap/weights", "target");
            for (PruningBench.Result r : pruning) {
                out.printf(Locale.ROOT, "%-10s %,12d %10.1f %10.1f %12.3f %8s%n", r.scope(),
                        r.weights(), r.medianMs(), r.minMs(), r.allocatedOverWeights(),
                        verdict(r.meetsTarget(), ""));
            }
            for (PruningBench.Scaling s : pruningScaling) {
                out.printf(Locale.ROOT, "%-10s %,d -> %,d weights (x%.1f): time x%.2f %s%n",
                        s.scope(), s.smallWeights(), s.largeWeights(), s.sizeRatio(),
                        s.timeRatio(), verdict(s.meetsTarget(), "<= " + s.target()));
            }
        }
        if (!rewind.isEmpty()) {
            out.println();
            out.println("Rewinding a VGG-19-sized network (LotteryTicket)");
            out.printf(Locale.ROOT, "%-8s %12s %10s %16s %14s %8s%n", "engine", "weights",
                    "rewind ms", "new masks+rew ms", "ticket.prune ms", "target");
            for (RewindBench.Result r : rewind) {
                out.printf(Locale.ROOT, "%-8s %,12d %10.1f %16.1f %14.1f %8s%n", r.engine(),
                        r.weights(), r.rewindMs(), r.newMasksRewindMs(), r.ticketPruneMs(),
                        verdict(r.meetsTarget(), ""));
            }
        }
        if (!maskStorage.isEmpty()) {
            out.println();
            out.println("Mask storage (DirectoryMaskStore, random masks)");
            out.printf(Locale.ROOT, "%-7s %8s %12s %10s %9s %9s %8s%n", "format", "density",
                    "bytes/weight", "save ms", "load ms", "sum ms", "target");
            for (MaskStorageBench.Result r : maskStorage) {
                out.printf(Locale.ROOT, "%-7s %8.2f %12.4f %10.1f %9.1f %9.1f %8s%n", r.format(),
                        r.density(), r.bytesPerWeight(), r.saveMs(), r.loadMs(), r.saveLoadMs(),
                        verdict(r.meetsTarget(), ""));
            }
        }
        if (!stepPhases.isEmpty()) {
            out.println();
            out.println("A training step by phase, LeNet-300-100, Adam, batch 60 (mean us per step;"
                    + " batch: made from heap arrays, not part of the step)");
            for (StepPhasesBench.Result r : stepPhases) {
                out.printf(Locale.ROOT, "%-8s %-14s %10s %10s%n", r.engine(), "phase", "dense",
                        "ltq");
                for (String phase : r.denseMicros().keySet()) {
                    out.printf(Locale.ROOT, "%-8s %-14s %10.1f %10.1f%n", "", phase,
                            r.denseMicros().get(phase), r.ltqMicros().get(phase));
                }
                out.printf(Locale.ROOT, "%-8s %-14s %10.1f %10.1f%n", "", "step",
                        StepPhasesBench.Result.stepMicros(r.denseMicros()),
                        StepPhasesBench.Result.stepMicros(r.ltqMicros()));
            }
        }
        if (!compactInference.isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "Inference, a compact structured ticket vs the dense network"
                    + " (%s examples, random weights, the first units of every unit layer kept;"
                    + " MACs per example; speedup = dense time / compact time)%n",
                    compactInference.get(0).example());
            String batch = "b" + CompactInferenceBench.THROUGHPUT_BATCH;
            out.printf(Locale.ROOT,
                    "%-8s %-7s %5s %11s %12s %7s %11s %10s %10s %12s %11s %12s %11s %10s%n",
                    "network", "engine", "kept", "dense MACs", "compact MACs", "MAC cut",
                    "b1 dense ms", "b1 comp ms", "b1 speedup", batch + " dense/s",
                    batch + " comp/s", batch + " speedup", "speedup/cut", "target");
            for (CompactInferenceBench.Result r : compactInference) {
                out.printf(Locale.ROOT,
                        "%-8s %-7s %5.2f %,11d %,12d %6.2fx %11.3f %10.3f %9.2fx %12.0f %11.0f"
                                + " %11.2fx %11.2f %10s%n",
                        r.network(), r.engine(), r.kept(), r.denseMacs(), r.compactMacs(),
                        r.macReduction(), r.denseLatencyMs(), r.compactLatencyMs(),
                        r.latencySpeedup(), r.denseExamplesPerSecond(),
                        r.compactExamplesPerSecond(), r.throughputSpeedup(),
                        r.speedupOverMacReduction(),
                        r.target() == null ? "measured"
                                : e.quick() ? "not judged"
                                : verdict(r.meetsTarget(), ">= " + r.target()));
            }
        }
        if (!ticketInference.isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "Inference of finished ticket levels (batch %d, one engine"
                    + " thread; median ms per batch; MACs per example of the network timed)%n",
                    TicketInferenceBench.BATCH);
            for (TicketInferenceBench.Result r : ticketInference) {
                out.printf(Locale.ROOT, "%s (%s, %s) -> %s%n", r.run(), r.structure(),
                        r.engine(), r.file());
                out.printf(Locale.ROOT, "%6s %10s %12s %10s %12s%n", "level", "remaining",
                        "MACs", "ms/batch", "examples/s");
                for (InferenceTime t : r.levels()) {
                    out.printf(Locale.ROOT, "%6d %9.2f%% %,12d %10.3f %12.0f%n", t.level(),
                            t.weightsRemaining(), t.macs(), t.msPerBatch(),
                            t.examplesPerSecond());
                }
            }
        }
        out.flush();
    }


    private static String optional(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String verdict(boolean met, String target) {
        return (met ? "met" : "MISSED") + (target.isEmpty() ? "" : " " + target);
    }
}

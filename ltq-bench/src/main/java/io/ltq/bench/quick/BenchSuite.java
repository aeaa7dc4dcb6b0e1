package io.ltq.bench.quick;

import io.ltq.experiments.models.Networks;
import io.ltq.mask.MaskFormat;
import io.ltq.prune.PruningScope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the benchmarks {@code ltq bench} reports, in one process, so that every ratio compares
 * numbers taken side by side on the same machine.
 */
public final class BenchSuite {

    private final BenchSettings settings;
    private final Consumer<String> progress;

    /**
     * Creates a suite.
     *
     * @param settings what to run
     * @param progress receives one line before each benchmark
     */
    public BenchSuite(BenchSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Runs the selected benchmarks.
     *
     * @return everything measured
     * @throws IOException when a run folder of {@link BenchSettings#TICKETS} cannot be read or
     *     written
     * @throws io.ltq.experiments.UserMistakeException when a run folder cannot be measured,
     *     before anything runs
     */
    public BenchReport run() throws IOException {
        long start = System.nanoTime();
        // Run folders are checked first: a mistake in them should not wait for the other suites.
        List<TicketInferenceBench.Plan> plans = settings.runs(BenchSettings.TICKETS)
                ? TicketInferenceBench.check(settings.runs()) : List.of();
        BenchEnvironment env = BenchEnvironment.atStart(settings.engines(), settings.quick());
        List<StepOverheadBench.Result> steps = new ArrayList<>();
        List<PruningBench.Result> pruning = new ArrayList<>();
        List<PruningBench.Scaling> scaling = new ArrayList<>();
        List<RewindBench.Result> rewinds = new ArrayList<>();
        List<MaskStorageBench.Result> storage = new ArrayList<>();
        if (settings.runs(BenchSettings.STEP)) {
            for (String engine : settings.engines()) {
                progress.accept("training step, LeNet-300-100 on " + engine);
                steps.add(StepOverheadBench.run(engine, Networks.LENET300,
                        settings.lenetTimer(), !settings.quick()));
                if (settings.convTimer() != null) {
                    progress.accept("training step, Conv-2 on " + engine);
                    steps.add(StepOverheadBench.run(engine, Networks.CONV2,
                            settings.convTimer(), true));
                }
            }
        }
        if (settings.runs(BenchSettings.PRUNE)) {
            long[] sizes = settings.pruneSizes();
            for (PruningScope scope : PruningScope.values()) {
                progress.accept("pruning, " + scope.name().toLowerCase(java.util.Locale.ROOT));
                PruningBench.Result small = PruningBench.run(sizes[0], scope,
                        settings.pruneTimer());
                PruningBench.Result large = PruningBench.run(sizes[1], scope,
                        settings.pruneTimer());
                pruning.add(small);
                pruning.add(large);
                scaling.add(PruningBench.scaling(small, large));
            }
        }
        if (settings.runs(BenchSettings.REWIND)) {
            for (String engine : settings.engines()) {
                progress.accept("rewinding on " + engine);
                rewinds.add(RewindBench.run(engine, settings.largeSize(), settings.engineTimer()));
            }
        }
        if (settings.runs(BenchSettings.STORAGE)) {
            for (MaskFormat format : MaskFormat.values()) {
                for (double density : new double[] {0.5, 0.05}) {
                    progress.accept("mask storage, " + format + " at density " + density);
                    storage.add(MaskStorageBench.run(format, density, settings.largeSize(),
                            settings.engineTimer()));
                }
            }
        }
        List<StepPhasesBench.Result> phases = new ArrayList<>();
        if (settings.runs(BenchSettings.PHASES)) {
            for (String engine : settings.engines()) {
                progress.accept("training step by phase, LeNet-300-100 on " + engine);
                phases.add(StepPhasesBench.run(engine, Networks.LENET300,
                        settings.quick() ? 20 : 500, settings.quick() ? 50 : 3000));
            }
        }
        List<CompactInferenceBench.Result> compact = new ArrayList<>();
        if (settings.runs(BenchSettings.COMPACT)) {
            for (String engine : settings.engines()) {
                for (Networks network : settings.compactNetworks()) {
                    progress.accept("compact inference, " + network.cliName() + " on " + engine);
                    compact.addAll(CompactInferenceBench.run(engine, network,
                            settings.compactKept(), settings.compactLatencyTimer(network),
                            settings.compactThroughputTimer(network)));
                }
            }
        }
        List<TicketInferenceBench.Result> tickets = plans.isEmpty() ? List.of()
                : TicketInferenceBench.run(plans, settings.ticketTimer(plans.stream()
                        .map(p -> p.config().network().model()).toList()), settings.quick(),
                        progress);
        tickets.forEach(t -> progress.accept("wrote " + t.file()));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new BenchReport(env.finished(seconds), steps, pruning, scaling, rewinds, storage,
                phases, compact, tickets);
    }
}

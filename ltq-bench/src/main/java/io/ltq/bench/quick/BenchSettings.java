package io.ltq.bench.quick;

import io.ltq.experiments.models.Networks;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code ltq bench} measures and how long it repeats: the full suite at the targets' sizes,
 * or a quick check at a tenth of them that finishes in seconds.
 *
 * @param quick small sizes and few repetitions
 * @param engines the engines of the engine benchmarks, e.g. {@code [PyTorch, MXNet]}
 * @param suites which benchmarks run: {@link #STEP}, {@link #PRUNE}, {@link #REWIND}, {@link
 *     #STORAGE}, {@link #PHASES}, {@link #COMPACT}, {@link #TICKETS}
 * @param runs the run folders {@link #TICKETS} measures; empty when it does not run
 */
public record BenchSettings(boolean quick, List<String> engines, Set<String> suites,
        List<Path> runs) {

    /** Training-step overhead. */
    public static final String STEP = "step";
    /** Pruning at scale. */
    public static final String PRUNE = "prune";
    /** Rewinding and ticket pruning at scale, on an engine. */
    public static final String REWIND = "rewind";
    /** Mask storage. */
    public static final String STORAGE = "storage";
    /** Where a training step's time goes, phase by phase. */
    public static final String PHASES = "phases";
    /** Inference with compact structured tickets against the dense networks. */
    public static final String COMPACT = "compact";
    /**
     * Inference of the finished ticket levels of recorded runs, each on its run's engine, written
     * into the runs ({@link TicketInferenceBench}).
     */
    public static final String TICKETS = "tickets";
    /** Every suite, in the order they run. */
    public static final List<String> ALL_SUITES =
            List.of(STEP, PRUNE, REWIND, STORAGE, PHASES, COMPACT, TICKETS);
    /**
     * The suites that measure this machine and need nothing else: all but {@link #TICKETS},
     * which needs run folders.
     */
    public static final List<String> MACHINE_SUITES =
            List.of(STEP, PRUNE, REWIND, STORAGE, PHASES, COMPACT);

    /**
     * Checks the settings.
     *
     * @param quick small sizes and few repetitions
     * @param engines the engines
     * @param suites the suites
     * @param runs the run folders of {@link #TICKETS}
     */
    public BenchSettings {
        engines = List.copyOf(engines);
        suites = Set.copyOf(suites);
        runs = List.copyOf(runs);
        for (String s : suites) {
            if (!ALL_SUITES.contains(Objects.requireNonNull(s))) {
                throw new IllegalArgumentException(
                        "Unknown benchmark '" + s + "': choose from " + ALL_SUITES + ".");
            }
        }
        if (suites.contains(TICKETS) == runs.isEmpty()) {
            throw new IllegalArgumentException("The tickets benchmark, and only it, needs run"
                    + " folders: got suites " + suites + " and runs " + runs + ".");
        }
    }

    /**
     * Creates the settings of machine suites alone, without run folders.
     *
     * @param quick small sizes and few repetitions
     * @param engines the engines
     * @param suites the suites, none of them {@link #TICKETS}
     */
    public BenchSettings(boolean quick, List<String> engines, Set<String> suites) {
        this(quick, engines, suites, List.of());
    }

    /**
     * Returns whether a suite runs.
     *
     * @param suite a suite name
     * @return {@code true} when selected
     */
    public boolean runs(String suite) {
        return suites.contains(suite);
    }

    /**
     * Returns the timer of LeNet-300-100 steps: rounds of 25 steps (about 40 ms), long enough that
     * the caches a variant warms are its own for most of the round, as in a real training loop.
     *
     * @return the timer
     */
    public PairedTimer lenetTimer() {
        return quick
                ? PairedTimer.builder().optWarmupCalls(5).optRounds(6).optCallsPerRound(3).build()
                // A LeNet step runs through DJL's Java code thousands of times before the JIT
                // has compiled it all: the first ~500 steps are up to twice as slow.
                : PairedTimer.builder().optWarmupCalls(500).optRounds(60).optCallsPerRound(25)
                        .build();
    }

    /**
     * Returns the timer of Conv-2 steps (hundreds of milliseconds each on a CPU core); {@code
     * null} in quick mode, which skips Conv-2.
     *
     * @return the timer, or {@code null}
     */
    public PairedTimer convTimer() {
        return quick
                ? null
                : PairedTimer.builder().optWarmupCalls(3).optRounds(60).optCallsPerRound(1).build();
    }

    /**
     * Returns the two sizes of the pruning benchmark, a tenfold step apart.
     *
     * @return the smaller and the larger number of weights
     */
    public long[] pruneSizes() {
        return quick
                ? new long[] {200_000, 2_000_000}
                : new long[] {2_000_000, VggSizedParameters.VGG19_WEIGHTS};
    }

    /**
     * Returns the repetitions of one pruning.
     *
     * @return the timer
     */
    public RepeatTimer pruneTimer() {
        return quick ? new RepeatTimer(1, 3) : new RepeatTimer(3, 11);
    }

    /**
     * Returns the size of the rewinding and storage benchmarks.
     *
     * @return the number of weights
     */
    public long largeSize() {
        return quick ? 2_000_000 : VggSizedParameters.VGG19_WEIGHTS;
    }

    /**
     * Returns the repetitions of rewinds, ticket prunings, saves and loads.
     *
     * @return the timer
     */
    public RepeatTimer engineTimer() {
        return quick ? new RepeatTimer(1, 3) : new RepeatTimer(2, 9);
    }

    /**
     * Returns the networks of the compact-inference benchmark; quick mode keeps LeNet-300-100 and
     * Conv-2.
     *
     * @return the networks, in the order they run
     */
    public List<Networks> compactNetworks() {
        return quick
                ? List.of(Networks.LENET300, Networks.CONV2)
                : List.of(Networks.LENET300, Networks.CONV2, Networks.CONV4, Networks.CONV6,
                        Networks.RESNET20);
    }

    /**
     * Returns the fractions of units the compact networks keep; quick mode times one.
     *
     * @return fractions in (0, 1)
     */
    public double[] compactKept() {
        return quick ? new double[] {0.25} : new double[] {0.5, 0.25, 0.1};
    }

    /**
     * Returns the timer of forward passes of one example: under a millisecond for LeNet-300-100,
     * so rounds of 20 calls after a JIT warm-up; several milliseconds for the Conv networks, so
     * rounds of 5.
     *
     * @param network the network
     * @return the timer
     */
    public PairedTimer compactLatencyTimer(Networks network) {
        if (quick) {
            return PairedTimer.builder().optWarmupCalls(3).optRounds(4).optCallsPerRound(2)
                    .build();
        }
        return network == Networks.LENET300
                // Hundreds of warm-up calls: DJL's Java code runs slower until the JIT has
                // compiled it, which LeNet's short passes would show.
                ? PairedTimer.builder().optWarmupCalls(500).optRounds(40).optCallsPerRound(20)
                        .build()
                : PairedTimer.builder().optWarmupCalls(20).optRounds(30).optCallsPerRound(5)
                        .build();
    }

    /**
     * Returns the timer of runs' finished levels at batch 256, all timed together: the compact
     * benchmark's batch-256 timer of LeNet-300-100 when every run is one, else that of the Conv
     * networks, whose forward passes take up to seconds on a CPU core.
     *
     * @param models the runs' {@code --model}
     * @return the timer
     */
    public PairedTimer ticketTimer(Collection<String> models) {
        return compactThroughputTimer(models.stream().allMatch(Networks.LENET300.cliName()::equals)
                ? Networks.LENET300 : Networks.CONV2);
    }

    /**
     * Returns the timer of forward passes of 256 examples: a few milliseconds for LeNet-300-100,
     * so rounds of 10 calls after a JIT warm-up; up to a second or two for the Conv networks on a
     * CPU core, so rounds of one call.
     *
     * @param network the network
     * @return the timer
     */
    public PairedTimer compactThroughputTimer(Networks network) {
        if (quick) {
            return PairedTimer.builder().optWarmupCalls(1).optRounds(2).optCallsPerRound(1)
                    .build();
        }
        return network == Networks.LENET300
                ? PairedTimer.builder().optWarmupCalls(100).optRounds(30).optCallsPerRound(10)
                        .build()
                : PairedTimer.builder().optWarmupCalls(2).optRounds(10).optCallsPerRound(1)
                        .build();
    }
}

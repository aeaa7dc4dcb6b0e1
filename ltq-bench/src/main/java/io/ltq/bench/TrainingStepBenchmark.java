package io.ltq.bench;

import io.ltq.bench.quick.StepOverheadBench;
import io.ltq.bench.quick.TrainingStepFixture;
import io.ltq.experiments.models.Networks;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 1 under JMH: one training step (batch 60, Adam) of plain DJL dense training ({@code
 * variant=dense}), through LTQ with an 80%-sparse mask ({@code variant=ltq}), or plain DJL with the
 * same mask multiplied in by hand ({@code variant=hand}). The ratio of the ltq and dense scores is
 * the overhead. Each variant runs in its own forked JVM, so this is the steady state of a real
 * training loop; {@code ltq bench} measures the same ratios with the variants interleaved in one
 * process, which is steadier on a busy machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// MXNet on DJL's local parameter server, as ./ltq runs it (docs/performance.md).
@Fork(value = 1, jvmArgsAppend = "-Dai.djl.use_local_parameter_server=true")
public class TrainingStepBenchmark {

    /** The engine. */
    @Param({"PyTorch", "MXNet"})
    public String engine;

    /** The network's CLI name. */
    @Param({"lenet300", "conv2"})
    public String network;

    /**
     * {@code dense} for plain DJL, {@code ltq} for a ticket with an 80%-sparse mask, {@code hand}
     * for plain DJL with the same mask multiplied in after each step.
     */
    @Param({"dense", "ltq", "hand"})
    public String variant;

    private TrainingStepFixture fixture;

    /** Builds the network, trainer and batch. */
    @Setup(Level.Trial)
    public void setUp() {
        fixture =
                TrainingStepFixture.builder()
                        .setEngine(engine)
                        .optNetwork(Networks.fromName(network))
                        .optBatchSize(StepOverheadBench.BATCH_SIZE)
                        // Thousands of steps per trial: enough batches that none is memorized.
                        .optBatches(512)
                        .optSparsity(variant.equals("dense") ? 0 : StepOverheadBench.SPARSITY)
                        .optHandMasked(variant.equals("hand"))
                        .build();
    }

    /**
     * Takes one training step.
     *
     * @return the loss, so that nothing is optimized away
     */
    @Benchmark
    public float step() {
        return fixture.step();
    }

    /** Frees the network and trainer. */
    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }
}

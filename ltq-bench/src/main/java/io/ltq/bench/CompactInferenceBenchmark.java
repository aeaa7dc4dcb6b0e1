package io.ltq.bench;

import io.ltq.bench.quick.CompactInferenceBench;
import io.ltq.bench.quick.InferenceFixture;
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
 * Inference with a compact structured ticket under JMH: one forward pass of a batch of 256
 * Fashion-MNIST-shaped examples (1x28x28), through the dense network ({@code kept=1.0}) or the
 * compact network that keeps that fraction of the units of every unit layer (LeNet-300-100's
 * neurons, Conv-4's channels). The ratio of the dense and compact scores is the speedup, to set
 * against the cut in multiply-accumulates; {@code ltq bench --only compact} measures the same with
 * the two interleaved in one process, and reports the MACs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompactInferenceBenchmark {

    /** The engine. */
    @Param({"PyTorch", "MXNet"})
    public String engine;

    /** The network's CLI name. */
    @Param({"lenet300", "conv4"})
    public String network;

    /** The fraction of the units of every unit layer kept; 1.0 for the dense network. */
    @Param({"1.0", "0.5", "0.25", "0.1"})
    public double kept;

    private InferenceFixture fixture;

    /** Builds the network and the batch. */
    @Setup(Level.Trial)
    public void setUp() {
        fixture =
                InferenceFixture.builder()
                        .setEngine(engine)
                        .optNetwork(Networks.fromName(network))
                        .optKept(kept)
                        .optBatchSizes(CompactInferenceBench.THROUGHPUT_BATCH)
                        .build();
    }

    /**
     * Runs one forward pass in inference mode.
     *
     * @return the first logit, so that nothing is optimized away
     */
    @Benchmark
    public float forward() {
        return fixture.forward(CompactInferenceBench.THROUGHPUT_BATCH);
    }

    /** Frees the network and the batch. */
    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }
}

package io.ltq.bench.quick;

import ai.djl.ndarray.types.Shape;
import io.ltq.experiments.models.Networks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Inference with the compact network of a structured ticket against the dense network, on one
 * engine, timed side by side: the latency of one example and the throughput of a batch of 256,
 * and how much of the cut in multiply-accumulates (MACs) the compact network turns into speed.
 * A compact network keeps a fraction of the units of every unit layer: LeNet-300-100's hidden
 * neurons, the Conv networks' filters (their Linear layers stay whole), ResNet-20's channels,
 * each stage's shared ones included.
 */
public final class CompactInferenceBench {

    /** The shape of one example, Fashion-MNIST's, for every network. */
    public static final Shape EXAMPLE_SHAPE = new Shape(1, 28, 28);

    private static final String EXAMPLE_TEXT = Arrays.stream(EXAMPLE_SHAPE.getShape())
            .mapToObj(Long::toString).collect(Collectors.joining("x"));

    /** The batch whose forward pass is the latency. */
    public static final int LATENCY_BATCH = 1;

    /** The batch whose forward pass is the throughput. */
    public static final int THROUGHPUT_BATCH = 256;

    /**
     * The target of the Conv networks on a CPU: at batch 256 the speedup is at least this
     * fraction of the MAC reduction. LeNet-300-100 is measured, not judged: its forward pass is
     * too small for its MACs to dominate.
     */
    public static final double TARGET_SPEEDUP_OVER_MAC_REDUCTION = 0.6;

    private CompactInferenceBench() {}

    /**
     * Measures one network on one engine: the dense network against each compact one.
     *
     * @param engine {@code PyTorch} or {@code MXNet}
     * @param network LeNet-300-100 or a Conv network
     * @param keptFractions the fractions of the units of every unit layer the compact networks
     *     keep, each in (0, 1)
     * @param latency how to interleave and repeat forward passes of one example
     * @param throughput how to interleave and repeat forward passes of 256 examples
     * @return one result per kept fraction, in the order given
     */
    public static List<Result> run(String engine, Networks network, double[] keptFractions,
            PairedTimer latency, PairedTimer throughput) {
        List<Result> out = new ArrayList<>();
        try (InferenceFixture dense = fixture(engine, network, 1)) {
            for (double kept : keptFractions) {
                try (InferenceFixture compact = fixture(engine, network, kept)) {
                    PairedTimer.Result one = latency.measure(
                            () -> dense.forward(LATENCY_BATCH),
                            () -> compact.forward(LATENCY_BATCH));
                    PairedTimer.Result many = throughput.measure(
                            () -> dense.forward(THROUGHPUT_BATCH),
                            () -> compact.forward(THROUGHPUT_BATCH));
                    double macReduction = (double) dense.macs() / compact.macs();
                    // The wall ratio is compact over dense, round by round: its inverse is the
                    // speedup.
                    double speedup = 1 / many.wallRatio();
                    Double target = network == Networks.LENET300
                            ? null : TARGET_SPEEDUP_OVER_MAC_REDUCTION;
                    out.add(new Result(
                            network.cliName(),
                            engine,
                            EXAMPLE_TEXT,
                            compact.units().label(),
                            kept,
                            compact.widths(),
                            dense.macs(),
                            compact.macs(),
                            macReduction,
                            one.baseline().wallNanos() / 1e6,
                            one.variant().wallNanos() / 1e6,
                            1 / one.wallRatio(),
                            THROUGHPUT_BATCH,
                            THROUGHPUT_BATCH * 1e9 / many.baseline().wallNanos(),
                            THROUGHPUT_BATCH * 1e9 / many.variant().wallNanos(),
                            speedup,
                            speedup / macReduction,
                            target,
                            target == null ? null : speedup / macReduction >= target));
                }
            }
        }
        return out;
    }

    private static InferenceFixture fixture(String engine, Networks network, double kept) {
        return InferenceFixture.builder()
                .setEngine(engine)
                .optNetwork(network)
                .optExampleShape(EXAMPLE_SHAPE)
                .optKept(kept)
                .optBatchSizes(LATENCY_BATCH, THROUGHPUT_BATCH)
                .build();
    }

    /**
     * One network, engine and kept fraction.
     *
     * @param network the network's CLI name
     * @param engine the engine
     * @param example the shape of one example, such as {@code 1x28x28}
     * @param units what the compact network has fewer of: {@code neurons} or {@code channels}
     * @param kept the fraction of the units of every unit layer kept
     * @param widths the compact network's width of each unit layer, by layer name
     * @param denseMacs multiply-accumulates per example of the dense network
     * @param compactMacs the same of the compact network
     * @param macReduction {@code denseMacs / compactMacs}
     * @param denseLatencyMs median wall milliseconds of the dense network's forward pass of one
     *     example
     * @param compactLatencyMs the same of the compact network
     * @param latencySpeedup the median over rounds of the dense time over the compact one, at
     *     batch 1
     * @param batchSize the batch of the throughput
     * @param denseExamplesPerSecond the dense network's examples per second at that batch, from
     *     its median wall time
     * @param compactExamplesPerSecond the same of the compact network
     * @param throughputSpeedup the median over rounds of the dense time over the compact one, at
     *     that batch
     * @param speedupOverMacReduction {@code throughputSpeedup / macReduction}: the share of the
     *     MAC cut that became speed (1 when time follows MACs)
     * @param target the least {@code speedupOverMacReduction} the Conv networks aim at; absent
     *     for LeNet-300-100, which is only measured
     * @param meetsTarget whether it was met; absent where there is no target
     */
    public record Result(
            String network,
            String engine,
            String example,
            String units,
            double kept,
            Map<String, Integer> widths,
            long denseMacs,
            long compactMacs,
            double macReduction,
            double denseLatencyMs,
            double compactLatencyMs,
            double latencySpeedup,
            int batchSize,
            double denseExamplesPerSecond,
            double compactExamplesPerSecond,
            double throughputSpeedup,
            double speedupOverMacReduction,
            Double target,
            Boolean meetsTarget) {}
}

package io.ltq.bench.quick;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.optimizer.Optimizer;
import io.ltq.djl.LotteryTicket;
import io.ltq.mask.MaskSet;
import io.ltq.prune.Pruner;

/**
 * Benchmark 2b: pruning and rewinding a VGG-19-sized network held by an engine, through a {@link
 * LotteryTicket}: resetting the survivors to θk, the same with masks just replaced (what a new
 * IMP level does), and a whole {@code ticket.prune} (reading the weights out, pruning, applying
 * the masks). Engine work is waited for before a timer stops.
 */
public final class RewindBench {

    /** The target time of a rewind at VGG-19 size. */
    public static final double TARGET_MS = 100;

    private RewindBench() {}

    /**
     * Measures one engine.
     *
     * @param engine {@code PyTorch} or {@code MXNet}
     * @param weights about how many weights; {@link VggSizedParameters#VGG19_WEIGHTS} for VGG-19
     * @param timer the repetitions
     * @return the result
     */
    public static Result run(String engine, long weights, RepeatTimer timer) {
        VggSizedParameters set = VggSizedParameters.ofSize(weights);
        try (Model model = Model.newInstance("ltq-bench-rewind", Device.cpu(), engine)) {
            Block block = set.newBlock();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, VggSizedParameters.inputShape());
            Pruner pruner = VggSizedParameters.globalPruner();
            try (LotteryTicket ticket =
                    LotteryTicket.builder()
                            .setModel(model)
                            .setOptimizer(() -> Optimizer.adam().build())
                            .build()) {
                ticket.captureRewindPoint(0);
                MaskSet dense = ticket.getMasks();
                RepeatTimer.Samples prune =
                        timer.time(
                                () -> {
                                    ticket.setMasks(dense);
                                    EngineSync.await(block);
                                },
                                () -> {
                                    ticket.prune(pruner);
                                    EngineSync.await(block);
                                });
                MaskSet level1 = ticket.getMasks();
                MaskSet level2 = pruner.prune(ticket.getParameters().readWeights(), level1);
                RepeatTimer.Samples rewind =
                        timer.time(
                                () -> {
                                    ticket.rewind();
                                    EngineSync.await(block);
                                });
                MaskSet[] alternate = {level1, level2};
                int[] next = {0};
                RepeatTimer.Samples fresh =
                        timer.time(
                                () -> {
                                    ticket.setMasks(alternate[next[0]++ % 2]);
                                    ticket.rewind();
                                    EngineSync.await(block);
                                });
                long n = ticket.getParameters().totalWeights();
                boolean full = n >= VggSizedParameters.VGG19_WEIGHTS;
                return new Result(
                        engine,
                        n,
                        ticket.getParameters().list().size(),
                        rewind.median(),
                        fresh.median(),
                        prune.median(),
                        full ? TARGET_MS : null,
                        !full || rewind.median() <= TARGET_MS);
            }
        }
    }

    /**
     * One engine.
     *
     * @param engine the engine
     * @param weights the prunable weights
     * @param tensors the prunable tensors
     * @param rewindMs median milliseconds of {@code ticket.rewind()}: θ := m ⊙ θk, masks already
     *     on the engine
     * @param newMasksRewindMs median milliseconds of {@code ticket.setMasks(other)} then {@code
     *     ticket.rewind()}, the masks uploaded anew
     * @param ticketPruneMs median milliseconds of {@code ticket.prune(global 20%)}: weights read
     *     out of the engine, pruned, new masks uploaded and applied
     * @param targetMs the rewind target, where this size has one
     * @param meetsTarget whether the rewind meets it
     */
    public record Result(
            String engine,
            long weights,
            int tensors,
            double rewindMs,
            double newMasksRewindMs,
            double ticketPruneMs,
            Double targetMs,
            boolean meetsTarget) {}
}

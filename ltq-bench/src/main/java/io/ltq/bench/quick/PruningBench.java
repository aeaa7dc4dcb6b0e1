package io.ltq.bench.quick;

import io.ltq.mask.MaskSet;
import io.ltq.prune.LayerKind;
import io.ltq.prune.MagnitudePruner;
import io.ltq.prune.Pruner;
import io.ltq.prune.PruningScope;
import io.ltq.prune.WeightTensor;
import java.util.List;

/**
 * Benchmark 2a: magnitude pruning of 20% of the remaining weights of a VGG-19-sized parameter set
 * (17 tensors), global and layerwise, on weights already read out of the engine: time, heap
 * allocated while pruning, and how the cost grows with the number of weights.
 */
public final class PruningBench {

    /** The target time at VGG-19 size, global and layerwise alike. */
    public static final double TARGET_MS = 300;
    /** The most heap pruning may allocate, in multiples of the weights' own size. */
    public static final double TARGET_HEAP_RATIO = 2;
    /** The most the full size may cost over a tenth of it. */
    public static final double TARGET_SCALING = 12;

    private static final double FRACTION = 0.2;

    private PruningBench() {}

    /**
     * Prunes one parameter set repeatedly from the same (dense) masks.
     *
     * @param weights about how many weights; {@link VggSizedParameters#VGG19_WEIGHTS} for VGG-19
     * @param scope global or layerwise
     * @param timer the repetitions
     * @return the result
     */
    public static Result run(long weights, PruningScope scope, RepeatTimer timer) {
        VggSizedParameters set = VggSizedParameters.ofSize(weights);
        List<WeightTensor> tensors = set.randomWeights(1);
        MaskSet dense = MaskSet.ones(set.shapes());
        Pruner pruner =
                MagnitudePruner.builder()
                        .optFraction(FRACTION)
                        .optFraction(LayerKind.OUTPUT, FRACTION)
                        .optScope(scope)
                        .build();
        RepeatTimer.Samples t = timer.time(() -> pruner.prune(tensors, dense));
        long allocated = AllocationMeter.allocatedBytes(() -> pruner.prune(tensors, dense));
        long n = set.weights();
        boolean full = n >= VggSizedParameters.VGG19_WEIGHTS;
        double heapRatio = allocated / (4.0 * n);
        return new Result(
                scope.name().toLowerCase(java.util.Locale.ROOT),
                n,
                set.shapes().size(),
                FRACTION,
                t.median(),
                t.min(),
                allocated,
                heapRatio,
                full ? TARGET_MS : null,
                TARGET_HEAP_RATIO,
                (!full || t.median() <= TARGET_MS) && heapRatio <= TARGET_HEAP_RATIO);
    }

    /**
     * How the cost grows: the larger set's median time over the smaller's.
     *
     * @param small the smaller set's result
     * @param large the larger set's result, same scope
     * @return the scaling
     */
    public static Scaling scaling(Result small, Result large) {
        double ratio = large.medianMs() / small.medianMs();
        double sizeRatio = (double) large.weights() / small.weights();
        return new Scaling(
                large.scope(), small.weights(), large.weights(), sizeRatio, ratio, TARGET_SCALING,
                ratio <= TARGET_SCALING);
    }

    /**
     * One pruning configuration.
     *
     * @param scope {@code global} or {@code layerwise}
     * @param weights the number of weights
     * @param tensors the number of tensors
     * @param fraction the fraction of the remaining weights pruned
     * @param medianMs median wall milliseconds of one pruning
     * @param minMs fastest pruning
     * @param allocatedBytes heap allocated by one pruning, the new masks included
     * @param allocatedOverWeights that over the weights' own size (4 bytes each)
     * @param targetMs the time target, where this size has one
     * @param targetHeapRatio the heap target, in multiples of the weights' size
     * @param meetsTarget whether the time (where targeted) and heap targets are met
     */
    public record Result(
            String scope,
            long weights,
            int tensors,
            double fraction,
            double medianMs,
            double minMs,
            long allocatedBytes,
            double allocatedOverWeights,
            Double targetMs,
            double targetHeapRatio,
            boolean meetsTarget) {}

    /**
     * Growth of the cost with the number of weights.
     *
     * @param scope {@code global} or {@code layerwise}
     * @param smallWeights the smaller set
     * @param largeWeights the larger set
     * @param sizeRatio how many times more weights the larger set has
     * @param timeRatio how many times longer it takes
     * @param target the most {@code timeRatio} may be for a tenfold size
     * @param meetsTarget whether it is within the target
     */
    public record Scaling(
            String scope,
            long smallWeights,
            long largeWeights,
            double sizeRatio,
            double timeRatio,
            double target,
            boolean meetsTarget) {}
}

package io.ltq.bench;

import io.ltq.bench.quick.VggSizedParameters;
import io.ltq.mask.MaskSet;
import io.ltq.prune.LayerKind;
import io.ltq.prune.MagnitudePruner;
import io.ltq.prune.Pruner;
import io.ltq.prune.PruningScope;
import io.ltq.prune.WeightTensor;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 2a under JMH: magnitude pruning of 20% of the remaining weights of a VGG-19-sized
 * parameter set (17 tensors, weights on the Java heap), global or layerwise, at 2M and 20M
 * weights. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the heap one pruning
 * allocates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class PruningBenchmark {

    /** About how many weights: a tenth of VGG-19, and VGG-19. */
    @Param({"2000000", "20024000"})
    public long weights;

    /** One threshold for all tensors, or one per tensor. */
    @Param({"GLOBAL", "LAYERWISE"})
    public PruningScope scope;

    private List<WeightTensor> tensors;
    private MaskSet dense;
    private Pruner pruner;

    /** Draws the weights. */
    @Setup(Level.Trial)
    public void setUp() {
        VggSizedParameters set = VggSizedParameters.ofSize(weights);
        tensors = set.randomWeights(1);
        dense = MaskSet.ones(set.shapes());
        pruner =
                MagnitudePruner.builder()
                        .optFraction(0.2)
                        .optFraction(LayerKind.OUTPUT, 0.2)
                        .optScope(scope)
                        .build();
    }

    /**
     * Prunes from dense masks.
     *
     * @return the new masks
     */
    @Benchmark
    public MaskSet prune() {
        return pruner.prune(tensors, dense);
    }
}

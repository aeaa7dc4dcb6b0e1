package io.ltq.experiments.lottery;

import static io.ltq.experiments.lottery.OptimizerKind.ADAM;
import static io.ltq.experiments.lottery.OptimizerKind.MOMENTUM;
import static io.ltq.prune.PruningScope.GLOBAL;
import static io.ltq.prune.PruningScope.LAYERWISE;

import io.ltq.experiments.UserMistakeException;
import io.ltq.prune.PruningScope;
import java.util.List;

/**
 * The training and pruning setup a network trains with when the command line leaves a value
 * out: the papers' for the bundled networks (Frankle &amp; Carbin 2019, Figure 2 and Appendix;
 * Frankle et al. 2020 for ResNet-20 and VGG), {@link #DEFAULT} for a network of one's own.
 * Every value can be overridden on the command line.
 *
 * @param dataset the dataset the network trains on by default; {@code null} when it has none, so
 *     that {@code --dataset} must be given
 * @param optimizer the optimizer
 * @param learningRate the initial learning rate
 * @param lrDrops steps at which the rate is multiplied by 0.1
 * @param momentum momentum, where the optimizer has one
 * @param batchSize examples per step
 * @param iterations steps per level
 * @param pruneDense per-level pruning rate of fully connected layers (0: not pruned)
 * @param pruneConv per-level pruning rate of convolutions
 * @param pruneOutput per-level pruning rate of the output layer
 * @param scope one threshold per layer or across layers
 * @param warmupSteps steps of linear learning-rate warmup from 0 (0: none). Frankle &amp; Carbin
 *     (2019, Section 5) found VGG-19's tickets at rate 0.1 only with warmup, 10,000 iterations;
 *     the other presets' papers train without
 */
public record Preset(
        String dataset,
        OptimizerKind optimizer,
        double learningRate,
        List<Long> lrDrops,
        double momentum,
        int batchSize,
        long iterations,
        double pruneDense,
        double pruneConv,
        double pruneOutput,
        PruningScope scope,
        long warmupSteps) {

    /** LeNet-300-100's setup (Adam 1.2e-3, batch 60, 50,000 iterations). */
    public static final Preset LENET300 = new Preset("mnist", ADAM, 1.2e-3, List.of(), 0, 60,
            50_000, 0.2, 0.2, 0.1, LAYERWISE, 0);
    /** Conv-2's setup. */
    public static final Preset CONV2 = new Preset("cifar10", ADAM, 2e-4, List.of(), 0, 60,
            20_000, 0.2, 0.1, 0.1, LAYERWISE, 0);
    /** Conv-4's setup. */
    public static final Preset CONV4 = new Preset("cifar10", ADAM, 3e-4, List.of(), 0, 60,
            25_000, 0.2, 0.1, 0.1, LAYERWISE, 0);
    /** Conv-6's setup. */
    public static final Preset CONV6 = new Preset("cifar10", ADAM, 3e-4, List.of(), 0, 60,
            30_000, 0.2, 0.15, 0.1, LAYERWISE, 0);
    /** ResNet-20's setup: momentum 0.9, drops at 20,000 and 25,000, global pruning. */
    public static final Preset RESNET20 = new Preset("cifar10", MOMENTUM, 0.1,
            List.of(20_000L, 25_000L), 0.9, 128, 30_000, 0.2, 0.2, 0.2, GLOBAL, 0);
    // VGG: global pruning of the convolutions; the fully connected (output) layer is not
    // pruned, a rate of 0 keeps it out of the global threshold.
    /** VGG-16's setup. */
    public static final Preset VGG16 = new Preset("cifar10", MOMENTUM, 0.1,
            List.of(56_000L, 84_000L), 0.9, 64, 112_000, 0, 0.2, 0, GLOBAL, 0);
    /** VGG-19's setup: VGG-16's with 10,000 steps of warmup. */
    public static final Preset VGG19 = new Preset("cifar10", MOMENTUM, 0.1,
            List.of(56_000L, 84_000L), 0.9, 64, 112_000, 0, 0.2, 0, GLOBAL, 10_000);

    /**
     * The setup of a network that brings none: LeNet-300-100's training and pruning rates
     * (the first setup of the paper, and a sane start for a small classifier), without a
     * dataset, so {@code --dataset} must be given.
     */
    public static final Preset DEFAULT = new Preset(null, ADAM, 1.2e-3, List.of(), 0, 60, 50_000,
            0.2, 0.2, 0.1, LAYERWISE, 0);

    /** Copies the list of drops. */
    public Preset {
        lrDrops = List.copyOf(lrDrops);
    }
}

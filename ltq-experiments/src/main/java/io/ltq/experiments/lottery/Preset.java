package io.ltq.experiments.lottery;

import static io.ltq.experiments.lottery.OptimizerKind.ADAM;
import static io.ltq.experiments.lottery.OptimizerKind.MOMENTUM;
import static io.ltq.prune.PruningScope.GLOBAL;
import static io.ltq.prune.PruningScope.LAYERWISE;

import io.ltq.prune.PruningScope;
import java.util.List;
import java.util.Locale;

/**
 * The training and pruning setup the papers use for each network (Frankle &amp; Carbin 2019,
 * Figure 2 and Appendix; Frankle et al. 2020 for ResNet-20 and VGG). Every value can be
 * overridden on the command line.
 *
 * @param model the network's CLI name
 * @param dataset the dataset the paper trains it on
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
        String model,
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

    private static final List<Preset> ALL =
            List.of(
                    new Preset("lenet300", "mnist", ADAM, 1.2e-3, List.of(), 0, 60, 50_000,
                            0.2, 0.2, 0.1, LAYERWISE, 0),
                    new Preset("conv2", "cifar10", ADAM, 2e-4, List.of(), 0, 60, 20_000,
                            0.2, 0.1, 0.1, LAYERWISE, 0),
                    new Preset("conv4", "cifar10", ADAM, 3e-4, List.of(), 0, 60, 25_000,
                            0.2, 0.1, 0.1, LAYERWISE, 0),
                    new Preset("conv6", "cifar10", ADAM, 3e-4, List.of(), 0, 60, 30_000,
                            0.2, 0.15, 0.1, LAYERWISE, 0),
                    new Preset("resnet20", "cifar10", MOMENTUM, 0.1, List.of(20_000L, 25_000L),
                            0.9, 128, 30_000, 0.2, 0.2, 0.2, GLOBAL, 0),
                    // VGG: global pruning of the convolutions; the fully connected (output)
                    // layer is not pruned, a rate of 0 keeps it out of the global threshold.
                    new Preset("vgg16", "cifar10", MOMENTUM, 0.1, List.of(56_000L, 84_000L),
                            0.9, 64, 112_000, 0, 0.2, 0, GLOBAL, 0),
                    new Preset("vgg19", "cifar10", MOMENTUM, 0.1, List.of(56_000L, 84_000L),
                            0.9, 64, 112_000, 0, 0.2, 0, GLOBAL, 10_000));

    /**
     * Returns the preset of a network.
     *
     * @param model the network's CLI name
     * @return its preset
     * @throws IllegalArgumentException naming the known networks when there is none
     */
    public static Preset of(String model) {
        String key = model.toLowerCase(Locale.ROOT);
        return ALL.stream()
                .filter(p -> p.model.equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "Unknown network " + model + ": choose one of " + names() + "."));
    }

    /**
     * Returns the names of the networks with presets.
     *
     * @return the CLI names
     */
    public static List<String> names() {
        return ALL.stream().map(Preset::model).toList();
    }

    /**
     * Returns every preset.
     *
     * @return the presets in table order
     */
    public static List<Preset> all() {
        return ALL;
    }
}

package io.ltq.experiments.catalog;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.ltq.experiments.datasets.BundledDataSource;
import io.ltq.experiments.datasets.DataSource;
import io.ltq.experiments.datasets.Datasets;
import io.ltq.experiments.datasets.ImageFolderData;
import io.ltq.experiments.lottery.Control;
import io.ltq.experiments.lottery.MagnitudeStrategy;
import io.ltq.experiments.lottery.Network;
import io.ltq.experiments.lottery.Preset;
import io.ltq.experiments.lottery.PruningStrategy;
import io.ltq.experiments.lottery.RandomPruneControl;
import io.ltq.experiments.lottery.RefillStrategy;
import io.ltq.experiments.lottery.ReinitControl;
import io.ltq.experiments.lottery.ScratchControl;
import io.ltq.experiments.models.Networks;
import java.util.Arrays;
import java.util.List;

/**
 * LTQ's own networks (with the papers' setups), datasets, pruning strategy and controls,
 * registered through {@code META-INF/services} like any other jar's.
 */
public final class BundledExtension implements LtqExtension {

    /** Created by {@link java.util.ServiceLoader}. */
    public BundledExtension() {}

    @Override
    public List<Network> networks() {
        return Arrays.stream(Networks.values()).map(BundledNetwork::new)
                .map(Network.class::cast).toList();
    }

    @Override
    public List<DataSource> datasets() {
        List<DataSource> out = new java.util.ArrayList<>();
        for (Datasets d : Datasets.values()) {
            out.add(new BundledDataSource(d));
        }
        out.add(new ImageFolderData(false));
        out.add(new ImageFolderData(true));
        return out;
    }

    @Override
    public List<PruningStrategy> pruners() {
        return List.of(new MagnitudeStrategy(), new RefillStrategy());
    }

    @Override
    public List<Control> controls() {
        return List.of(new ReinitControl(), new RandomPruneControl(), ScratchControl.sameEpochs(),
                ScratchControl.sameBudget());
    }

    /** One of the paper's networks with its paper's setup. */
    private record BundledNetwork(Networks network) implements Network {

        @Override
        public String name() {
            return network.cliName();
        }

        @Override
        public Block newBlock(Shape exampleShape, int numClasses) {
            return network.newBlock(exampleShape, numClasses);
        }

        @Override
        public Preset preset() {
            return switch (network) {
                case LENET300 -> Preset.LENET300;
                case CONV2 -> Preset.CONV2;
                case CONV4 -> Preset.CONV4;
                case CONV6 -> Preset.CONV6;
                case RESNET20 -> Preset.RESNET20;
                case VGG16 -> Preset.VGG16;
                case VGG19 -> Preset.VGG19;
            };
        }

        @Override
        public String toString() {
            return name();
        }
    }
}

package io.ltq.experiments.report;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.models.FlopCounter;
import io.ltq.experiments.models.LayerCost;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.datasets.Datasets;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.lottery.Architecture;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.models.ParameterCounts;
import io.ltq.mask.CorruptMaskException;
import io.ltq.mask.DirectoryMaskStore;
import io.ltq.mask.MaskSet;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ShrinkBench-style numbers per level for a {@link RunGroup}: parameters, nonzero parameters,
 * compression ratio, FLOPs, nonzero FLOPs and theoretical speedup. The network is rebuilt from
 * {@code run.json} to count its layers' FLOPs ({@link FlopCounter}); each level's nonzero FLOPs
 * scale every layer by the density of the level's {@code mask.npz}. With several runs the
 * nonzero counts are their mean (equal anyway under layerwise pruning).
 *
 * @param layers the dense network's weight layers
 * @param rows one row per level whose ticket finished
 */
public record CompressionTable(List<LayerCost> layers, List<CompressionRow> rows) {

    /** What the FLOP figures count and why the speedup is only theoretical; shown with them. */
    public static final String NOTE =
            "FLOPs are the multiply-accumulates of the linear and convolution weights for one"
                    + " example (ShrinkBench's count; biases, activations, pooling and"
                    + " normalization are left out); nonzero FLOPs scale each layer by its"
                    + " mask's density. The speedup is theoretical: LTQ multiplies dense"
                    + " tensors by masks, and a dense kernel is no faster for multiplying by"
                    + " zeros, so no run here got faster; only sparse kernels or hardware could"
                    + " approach these numbers.";

    /** Freezes the lists. */
    public CompressionTable {
        layers = List.copyOf(layers);
        rows = List.copyOf(rows);
    }

    /**
     * Computes the table of a group.
     *
     * @param group the runs of one configuration
     * @param manager a manager of any engine, to initialize the rebuilt network's shapes
     * @return the table
     * @throws IOException when a mask file cannot be read
     * @throws UserMistakeException when a mask is missing, damaged or does not fit the rebuilt
     *     network
     */
    public static CompressionTable of(RunGroup group, NDManager manager) throws IOException {
        LotteryConfig config = group.config();
        Architecture recorded = new RunDirectory(group.runs().get(0).root()).readArchitecture();
        long parameters;
        List<LayerCost> layers;
        if (recorded != null) {
            layers = recorded.layers();
            parameters = recorded.trainableParameters();
        } else {
            // Runs from before architectures were recorded: a bundled network on a bundled
            // dataset of 10 classes, rebuilt by its name.
            Shape example = Datasets.fromName(config.data().dataset()).exampleShape();
            try (NDManager scope = manager.newSubManager()) {
                Block block = Catalog.discover().network(config.network().model())
                        .newBlock(example, 10);
                block.initialize(scope, DataType.FLOAT32, new Shape(1).addAll(example));
                layers = FlopCounter.count(block, example);
                parameters = ParameterCounts.trainable(block);
            }
        }
        Map<String, LayerCost> byPath = new LinkedHashMap<>();
        layers.forEach(l -> byPath.put(l.path(), l));
        long flops = FlopCounter.total(layers);
        List<CompressionRow> rows = new ArrayList<>();
        for (int level : group.ticketLevels()) {
            double remaining = 0;
            double nonzeroParameters = 0;
            double nonzeroFlops = 0;
            int runs = 0;
            for (RunRecord run : group.runs()) {
                LevelSummary s = run.summary(level, Variant.TICKET);
                if (s == null) {
                    continue;
                }
                MaskSet masks = masks(run, level);
                double[] counts = nonzero(masks, byPath, run, level);
                remaining += s.weightsRemaining();
                nonzeroParameters += parameters - counts[0];
                nonzeroFlops += counts[1];
                runs++;
            }
            rows.add(new CompressionRow(level, remaining / runs, parameters,
                    Math.round(nonzeroParameters / runs), flops,
                    Math.round(nonzeroFlops / runs)));
        }
        return new CompressionTable(layers, rows);
    }

    private static MaskSet masks(RunRecord run, int level) throws IOException {
        DirectoryMaskStore store = DirectoryMaskStore.of(run.root());
        try {
            return store.load(level);
        } catch (NoSuchFileException e) {
            throw new UserMistakeException(store.path(level) + " is missing, but level " + level
                    + " finished: the report needs every finished level's mask; restore the"
                    + " file, or delete the level's summary.json so that ltq lottery retrains"
                    + " it.", e);
        } catch (CorruptMaskException e) {
            throw new UserMistakeException(e.getMessage(), e);
        }
    }

    // {pruned weights, nonzero FLOPs}; layers without a mask stay dense.
    private static double[] nonzero(
            MaskSet masks, Map<String, LayerCost> layers, RunRecord run, int level) {
        long pruned = 0;
        for (MaskSet.SparsityRow row : masks.sparsity()) {
            LayerCost layer = layers.get(row.name());
            // A structured run's bias and BatchNorm masks: parameters gone, but no FLOPs.
            boolean other = layer == null && run.config().structure().isStructured();
            if (!other && (layer == null || layer.weights() != row.total())) {
                throw new UserMistakeException(
                        "The mask of " + row.name() + " in "
                                + DirectoryMaskStore.of(run.root()).path(level)
                                + " does not fit " + run.config().network().model() + " on "
                                + run.config().data().dataset() + " as run.json records it: the"
                                + " run folder mixes files of different networks.");
            }
            pruned += row.total() - row.kept();
        }
        return new double[] {pruned,
                FlopCounter.masked(List.copyOf(layers.values()), masks)};
    }
}

package io.ltq.experiments.models;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.ltq.djl.init.PortableInitializer;
import io.ltq.djl.structure.ConvolutionCheck;
import io.ltq.djl.structure.ResidualChannels;
import io.ltq.djl.structure.UnitKind;
import io.ltq.djl.structure.UnitStructure;
import io.ltq.mask.MaskSet;
import io.ltq.prune.structured.UnitLayer;
import io.ltq.prune.structured.UnitSelection;
import io.ltq.prune.structured.UnitSlice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.testng.SkipException;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * ResNet-20's channels: Li et al.'s choice (only inside each block) and each stage's channels
 * tied across its additions; the compact network computes what the masked one computes, on both
 * engines, in both modes.
 */
public class ResNetStructureTest {

    private static final Shape INPUT = new Shape(2, 3, 32, 32);

    @DataProvider(name = "cases")
    static Object[][] cases() {
        return new Object[][] {
            {"PyTorch", ResidualChannels.INNER}, {"PyTorch", ResidualChannels.SHARED},
            {"MXNet", ResidualChannels.INNER}, {"MXNet", ResidualChannels.SHARED},
        };
    }

    private static List<String> tensors(UnitLayer layer, int axis) {
        return layer.members().stream().filter(s -> s.axis() == axis && s.masked()
                && s.tensor().endsWith("weight")).map(UnitSlice::tensor).toList();
    }

    @Test
    public void innerPrunesEachBlocksFirstConvolutionAndSharedTiesEachStage() {
        try (Model model = Model.newInstance("resnet", "PyTorch")) {
            Block net = CifarResNet.builder().build();
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
            List<UnitLayer> inner = UnitStructure.of(net, INPUT, UnitKind.CHANNELS,
                    ResidualChannels.INNER).layers();
            assertEquals(inner.size(), 9);
            assertEquals(tensors(inner.get(0), 0), List.of("04stage1block1_01main_01conv1_weight"));
            assertEquals(tensors(inner.get(0), 1), List.of("04stage1block1_01main_04conv2_weight"));
            List<UnitLayer> shared = UnitStructure.of(net, INPUT, UnitKind.CHANNELS,
                    ResidualChannels.SHARED).layers();
            assertEquals(shared.size(), 12);
            UnitLayer stage1 = shared.get(0);
            assertEquals(stage1.units(), 16);
            // Written by the stem and by every block's second convolution of the stage...
            assertEquals(tensors(stage1, 0), List.of("01conv1_weight",
                    "04stage1block1_01main_04conv2_weight", "06stage1block2_01main_04conv2_weight",
                    "08stage1block3_01main_04conv2_weight"));
            // ...and read by every block's first convolution and the next stage's shortcut.
            assertTrue(tensors(stage1, 1).containsAll(List.of(
                    "04stage1block1_01main_01conv1_weight", "06stage1block2_01main_01conv1_weight",
                    "08stage1block3_01main_01conv1_weight", "10stage2block1_01main_01conv1_weight",
                    "10stage2block1_02shortcut_01conv_weight")), tensors(stage1, 1).toString());
            UnitLayer stage3 = shared.stream().filter(l -> l.units() == 64
                    && tensors(l, 1).contains("24output_weight")).findFirst().orElseThrow();
            assertTrue(tensors(stage3, 0).contains("16stage3block1_02shortcut_01conv_weight"));
        }
    }

    @Test(dataProvider = "cases")
    public void theCompactResNetComputesWhatTheMaskedOneComputes(String engine,
            ResidualChannels mode) {
        if (!ConvolutionCheck.of(engine).correct()) {
            // ResNet-20's compact widths (9, 19, 38 channels) are where this engine is wrong here.
            throw new SkipException(engine + "'s convolution is wrong on this machine at channel"
                    + " counts that are not a multiple of 16: " + ConvolutionCheck.of(engine));
        }
        try (Model model = Model.newInstance("resnet", engine);
                NDManager manager = NDManager.newBaseManager(engine)) {
            Block dense = CifarResNet.builder().build();
            model.setBlock(dense);
            dense.initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
            PortableInitializer.draw(dense, 5);
            randomStatistics(dense);
            UnitStructure units = UnitStructure.of(dense, INPUT, UnitKind.CHANNELS, mode);
            Map<String, Integer> widths = new LinkedHashMap<>();
            units.layers().forEach(l -> widths.put(l.name(), Math.max(1, l.units() * 3 / 5)));
            UnitSelection kept = UnitSelection.random(units.layers(), widths, 9);
            Block compact = units.narrow(kept);
            compact.initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
            units.copyToCompact(dense, compact, kept);
            mask(dense, kept);
            NDArray x = manager.randomNormal(INPUT);
            ParameterStore ps = new ParameterStore(manager, false);
            float[] masked = dense.forward(ps, new NDList(x), false).head().toFloatArray();
            float[] small = compact.forward(ps, new NDList(x), false).head().toFloatArray();
            for (int i = 0; i < small.length; i++) {
                assertEquals(small[i], masked[i], 1e-4, mode + " logit " + i);
            }
        }
    }

    /** BatchNorm statistics other than 0 and 1, so that a misplaced one would show. */
    private static void randomStatistics(Block block) {
        SplittableRandom rng = new SplittableRandom(3);
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getKey().contains("running") || p.getKey().endsWith("beta")) {
                NDArray a = p.getValue().getArray();
                float[] v = new float[Math.toIntExact(a.size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (p.getKey().endsWith("runningVar") ? 0.5 + rng.nextDouble()
                            : 0.3 * rng.nextGaussian());
                }
                a.set(v);
            }
        }
    }

    private static void mask(Block dense, UnitSelection kept) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : dense.getParameters()) {
            if (!p.getKey().contains("running")) {
                shapes.put(p.getKey(), p.getValue().getArray().getShape().getShape());
            }
        }
        MaskSet masks = kept.toMasks(shapes);
        for (Pair<String, Parameter> p : dense.getParameters()) {
            if (masks.contains(p.getKey())) {
                NDArray a = p.getValue().getArray();
                a.muli(a.getManager().create(masks.get(p.getKey()).toFloatArray(),
                        a.getShape()));
            }
        }
    }
}

package io.ltq.djl.structure;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.ltq.djl.init.PortableInitializer;
import io.ltq.mask.MaskSet;
import io.ltq.prune.structured.UnitLayer;
import io.ltq.prune.structured.UnitSelection;
import io.ltq.prune.structured.UnitSlice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * A small stack of convolutions, BatchNorm, pooling, a flatten and Linear layers: the coupling read
 * from it, and the compact network computing what the masked one computes, on both engines.
 */
public class UnitStructureTest {

    private static final Shape INPUT = new Shape(3, 1, 8, 8);

    @DataProvider(name = "engines")
    static Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    private static Block net() {
        return new NamedSequentialBlock()
                .add("conv1", Conv2d.builder().setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1)).setFilters(4).build())
                .add("bn1", BatchNorm.builder().optEpsilon(1e-3f).build())
                .add("relu1", Activation.reluBlock())
                .add("pool", Pool.maxPool2dBlock(new Shape(2, 2)))
                .add("conv2", Conv2d.builder().setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1)).setFilters(6).build())
                .add("relu2", Activation.reluBlock())
                .add("flatten", Blocks.batchFlattenBlock())
                .add("fc1", Linear.builder().setUnits(5).build())
                .add("relu3", Activation.reluBlock())
                .add("output", Linear.builder().setUnits(3).build());
    }

    /** Every parameter, statistics included, set to values drawn from a seed. */
    private static void fill(Block block, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] v = new float[Math.toIntExact(a.size())];
            boolean positive = p.getKey().endsWith("runningVar");
            for (int i = 0; i < v.length; i++) {
                v[i] = positive ? (float) (0.5 + rng.nextDouble()) : (float) (0.3 * rng.nextGaussian());
            }
            a.set(v);
        }
    }

    @Test(dataProvider = "engines")
    public void theCouplingOfChannelsGoesThroughBatchNormPoolingAndTheFlatten(String engine) {
        try (Model model = Model.newInstance("units", engine)) {
            Block block = net();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
            List<UnitLayer> channels = UnitStructure.of(block, INPUT, UnitKind.CHANNELS).layers();
            assertEquals(channels, List.of(
                    new UnitLayer("01conv1", io.ltq.prune.LayerKind.CONV, 4, List.of(
                            UnitSlice.of("01conv1_weight", 0), UnitSlice.of("01conv1_bias", 0),
                            UnitSlice.of("02bn1_gamma", 0), UnitSlice.of("02bn1_beta", 0),
                            UnitSlice.statistic("02bn1_runningMean"),
                            UnitSlice.statistic("02bn1_runningVar"),
                            UnitSlice.of("05conv2_weight", 1))),
                    new UnitLayer("05conv2", io.ltq.prune.LayerKind.CONV, 6, List.of(
                            UnitSlice.of("05conv2_weight", 0), UnitSlice.of("05conv2_bias", 0),
                            new UnitSlice("08fc1_weight", 1, 16)))));
            List<UnitLayer> neurons = UnitStructure.of(block, INPUT, UnitKind.NEURONS).layers();
            assertEquals(neurons.size(), 1);
            assertEquals(neurons.get(0).members(), List.of(UnitSlice.of("08fc1_weight", 0),
                    UnitSlice.of("08fc1_bias", 0), UnitSlice.of("10output_weight", 1)));
        }
    }

    @Test(dataProvider = "engines")
    public void theCompactNetworkComputesWhatTheMaskedOneComputes(String engine) {
        for (UnitKind kind : UnitKind.values()) {
            try (Model model = Model.newInstance("units", engine);
                    NDManager manager = NDManager.newBaseManager(engine)) {
                Block dense = net();
                model.setBlock(dense);
                dense.initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
                PortableInitializer.draw(dense, 3);
                fill(dense, 11);
                UnitStructure units = UnitStructure.of(dense, INPUT, kind);
                Map<String, int[]> keep = kind == UnitKind.CHANNELS
                        ? Map.of("01conv1", new int[] {0, 2, 3}, "05conv2", new int[] {1, 4})
                        : Map.of("08fc1", new int[] {0, 3});
                UnitSelection kept = UnitSelection.of(units.layers(), keep);
                Block compact = units.narrow(kept);
                compact.initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
                units.copyToCompact(dense, compact, kept);
                mask(dense, kept);

                NDArray x = manager.randomNormal(INPUT);
                ParameterStore ps = new ParameterStore(manager, false);
                float[] masked = dense.forward(ps, new NDList(x), false).head().toFloatArray();
                float[] small = compact.forward(ps, new NDList(x), false).head().toFloatArray();
                assertEquals(small.length, masked.length);
                for (int i = 0; i < small.length; i++) {
                    // Invariant 6's bound; kernels of other shapes sum in another order.
                    assertEquals(small[i], masked[i], 1e-4, kind + " logit " + i);
                }
                // Back into the dense network: the masked values again.
                Map<String, float[]> before = values(dense);
                fill(dense, 99);
                units.copyToDense(compact, dense, kept);
                Map<String, float[]> after = values(dense);
                before.forEach((name, v) -> {
                    if (!name.contains("running")) {
                        assertEquals(after.get(name), v, name);
                    }
                });
                assertTrue(compact.getParameters().get("01conv1_weight").getArray().getShape()
                        .get(0) == (kind == UnitKind.CHANNELS ? 3 : 4));
            }
        }
    }

    /** Applies the selection's masks to every masked tensor of the dense network. */
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
                float[] v = a.toFloatArray();
                float[] m = masks.get(p.getKey()).toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= m[i];
                }
                a.set(v);
            }
        }
    }

    private static Map<String, float[]> values(Block block) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    @Test
    public void aNetworkWithoutSuchUnitsOrWithAnUnknownBlockIsRefusedByName() {
        try (Model model = Model.newInstance("units", "PyTorch")) {
            Block mlp = new NamedSequentialBlock()
                    .add("flatten", Blocks.batchFlattenBlock())
                    .add("fc1", Linear.builder().setUnits(4).build())
                    .add("output", Linear.builder().setUnits(2).build());
            model.setBlock(mlp);
            Shape in = new Shape(2, 1, 3, 3);
            mlp.initialize(model.getNDManager(), DataType.FLOAT32, in);
            String msg = expectThrows(IllegalArgumentException.class,
                    () -> UnitStructure.of(mlp, in, UnitKind.CHANNELS)).getMessage();
            assertTrue(msg.startsWith("The network has no channels to prune"), msg);
            String notStack = expectThrows(IllegalArgumentException.class,
                    () -> UnitStructure.of(Linear.builder().setUnits(2).build(), in,
                            UnitKind.NEURONS)).getMessage();
            assertTrue(notStack.contains("is not a SequentialBlock"), notStack);
        }
    }
}

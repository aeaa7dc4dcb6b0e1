package io.ltq.djl.params;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import io.ltq.prune.LayerKind;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class PrunableParametersTest {

    @DataProvider(name = "engines")
    static Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    /** A user's own block with a raw weight matrix and a child layer. */
    static final class Bilinear extends AbstractBlock {

        private final Parameter weight;
        private final Linear head;

        Bilinear() {
            weight =
                    addParameter(
                            Parameter.builder()
                                    .setName("mix")
                                    .setType(Parameter.Type.WEIGHT)
                                    .optShape(new Shape(6, 6))
                                    .build());
            head = addChildBlock("head", Linear.builder().setUnits(10).build());
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            var x = inputs.singletonOrThrow().matMul(ps.getValue(weight, inputs.head().getDevice(),
                    training));
            return head.forward(ps, new NDList(x), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), 10)};
        }

        @Override
        protected void initializeChildBlocks(NDManager m, DataType t, Shape... inputShapes) {
            head.initialize(m, t, inputShapes);
        }
    }

    private static SequentialBlock network() {
        SequentialBlock block = new SequentialBlock();
        block.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build());
        block.add(BatchNorm.builder().build());
        block.add(Activation::relu);
        block.add(Blocks.batchFlattenBlock());
        block.add(Linear.builder().setUnits(6).build());
        block.add(new Bilinear());
        return block;
    }

    @Test(dataProvider = "engines")
    public void classifiesLayersAndFindsTheOutput(String engine) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), engine)) {
            SequentialBlock block = network();
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 8, 8));
            PrunableParameters params = PrunableParameters.of(block);

            Map<String, LayerKind> kinds =
                    params.list().stream()
                            .collect(Collectors.toMap(
                                    PrunableParameter::path, PrunableParameter::kind));
            assertEquals(
                    kinds,
                    Map.of(
                            "01Conv2d_weight", LayerKind.CONV,
                            "05Linear_weight", LayerKind.DENSE,
                            "06Bilinear_mix", LayerKind.DENSE,
                            "06Bilinear_01head_weight", LayerKind.OUTPUT));
            // Paths are exactly the keys DJL uses in getParameters().
            assertTrue(block.getParameters().keys().containsAll(kinds.keySet()));
            assertEquals(params.get("01Conv2d_weight").shape(), new long[] {4, 1, 3, 3});
            assertEquals(params.totalWeights(), 4 * 9 + 6 * 144 + 36 + 60);
        }
    }

    @Test
    public void selectionOptions() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            SequentialBlock block = network();
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 8, 8));
            PrunableParameters params =
                    PrunableParameters.builder()
                            .optIncludeBiases(true)
                            .optExclude(".*Conv2d.*")
                            .optOutputLayer("05Linear_weight")
                            .build(block);
            List<String> paths = params.list().stream().map(PrunableParameter::path).toList();
            assertTrue(paths.contains("05Linear_bias"));
            assertTrue(paths.stream().noneMatch(p -> p.contains("Conv2d")));
            assertTrue(paths.stream().noneMatch(p -> p.contains("BatchNorm")));
            assertEquals(params.get("05Linear_weight").kind(), LayerKind.OUTPUT);
            assertEquals(params.get("05Linear_bias").kind(), LayerKind.OTHER);
            assertEquals(params.get("06Bilinear_01head_weight").kind(), LayerKind.DENSE);

            IllegalArgumentException e =
                    expectThrows(
                            IllegalArgumentException.class,
                            () -> PrunableParameters.builder().optOutputLayer("nope").build(block));
            assertTrue(e.getMessage().contains("nope"), e.getMessage());
        }
    }

    @Test
    public void masksOfAnotherNetworkAreRefusedClearly() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            SequentialBlock block = network();
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 8, 8));
            PrunableParameters params = PrunableParameters.of(block);
            params.validate(params.denseMasks());

            MaskSet wrongShape = MaskSet.of(Map.of("05Linear_weight", Mask.ones(3, 3)));
            IllegalArgumentException e =
                    expectThrows(IllegalArgumentException.class, () -> params.validate(wrongShape));
            assertTrue(e.getMessage().contains("05Linear_weight"), e.getMessage());
            assertTrue(e.getMessage().contains("another network"), e.getMessage());

            MaskSet unknown = MaskSet.of(Map.of("fc9_weight", Mask.ones(3, 3)));
            e = expectThrows(IllegalArgumentException.class, () -> params.validate(unknown));
            assertTrue(e.getMessage().contains("fc9_weight"), e.getMessage());
        }
    }
}

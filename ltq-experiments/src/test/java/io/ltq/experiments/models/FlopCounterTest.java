package io.ltq.experiments.models;

import static org.testng.Assert.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.ltq.djl.params.PrunableParameter;
import io.ltq.djl.params.PrunableParameters;
import java.util.List;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** FLOP counts of known networks, worked out by hand from their layer lists. */
public class FlopCounterTest {

    private NDManager manager;

    @BeforeClass
    public void setUp() {
        Engine.getEngine("PyTorch");
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    @AfterClass
    public void tearDown() {
        manager.close();
    }

    private List<LayerCost> count(Networks network, Shape example) {
        Block block = network.newBlock(example);
        block.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(example));
        List<LayerCost> layers = FlopCounter.count(block, example);
        // The paths are the masks' names: the same as the prunable parameters', in order.
        assertEquals(layers.stream().map(LayerCost::path).toList(),
                PrunableParameters.of(block).list().stream().map(PrunableParameter::path)
                        .toList());
        assertEquals(layers.stream().mapToLong(LayerCost::weights).sum(),
                PrunableParameters.of(block).totalWeights());
        return layers;
    }

    @Test
    public void lenet300CostsOneMacPerWeight() {
        List<LayerCost> layers = count(Networks.LENET300, new Shape(1, 28, 28));
        assertEquals(layers.stream().map(LayerCost::flops).toList(),
                List.of(784L * 300, 300L * 100, 100L * 10));
        assertEquals(FlopCounter.total(layers), 266_200L);
        assertEquals(layers.get(0).path(), "02fc1_weight");
        assertEquals(layers.get(0).type(), "linear");
    }

    @Test
    public void conv2CountsEveryOutputPixel() {
        List<LayerCost> layers = count(Networks.CONV2, new Shape(3, 32, 32));
        assertEquals(layers.stream().map(LayerCost::flops).toList(), List.of(
                3L * 64 * 9 * 32 * 32,      // conv1: 3x3, 3 → 64, 32x32 out (padding 1)
                64L * 64 * 9 * 32 * 32,     // conv2: 64 → 64
                64L * 16 * 16 * 256,        // fc1 after the 2x2 pool: 16,384 → 256
                256L * 256,                 // fc2
                256L * 10));                // output
        assertEquals(FlopCounter.total(layers), 43_780_608L);
        assertEquals(layers.get(0).type(), "conv");
        assertEquals(layers.get(0).weights(), 3L * 64 * 9);
    }

    @Test
    public void resnet20FollowsStridesAndShortcuts() {
        List<LayerCost> layers = count(Networks.RESNET20, new Shape(3, 32, 32));
        long stage1 = 6 * (16L * 16 * 9 * 32 * 32);
        long stage2 = 32L * 16 * 9 * 16 * 16 + 5 * (32L * 32 * 9 * 16 * 16)
                + 16L * 32 * 16 * 16;   // 1x1 projection shortcut at stride 2
        long stage3 = 64L * 32 * 9 * 8 * 8 + 5 * (64L * 64 * 9 * 8 * 8) + 32L * 64 * 8 * 8;
        long stem = 3L * 16 * 9 * 32 * 32;
        long output = 64L * 10;
        // 40.55M is the usual ResNet-20 figure, whose shortcuts pad with zeros; these project.
        assertEquals(FlopCounter.total(layers), stem + stage1 + stage2 + stage3 + output);
        assertEquals(FlopCounter.total(layers), 40_813_184L);
        assertEquals(layers.size(), 22);
    }
}

package io.ltq.experiments.models;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

import io.ltq.experiments.UserMistakeException;
import org.testng.Assert;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.util.List;

public class NetworksTest {

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

    /** Network, input shape, learned parameters, all parameters (with BN running stats). */
    @DataProvider
    public Object[][] counts() {
        return new Object[][] {
            {Networks.LENET300, new Shape(1, 28, 28), 266_610L, 266_610L},
            {Networks.CONV2, new Shape(3, 32, 32), 4_301_642L, 4_301_642L},
            {Networks.CONV4, new Shape(3, 32, 32), 2_425_930L, 2_425_930L},
            {Networks.CONV6, new Shape(3, 32, 32), 2_262_602L, 2_262_602L},
            {Networks.RESNET20, new Shape(3, 32, 32), 272_474L, 274_042L},
            {Networks.VGG16, new Shape(3, 32, 32), 14_728_266L, 14_736_714L},
            {Networks.VGG19, new Shape(3, 32, 32), 20_040_522L, 20_051_530L},
            // Fashion-MNIST input: only the first FC layer changes.
            {Networks.CONV2, new Shape(1, 28, 28), 3_317_450L, 3_317_450L},
            {Networks.CONV4, new Shape(1, 28, 28), 1_933_258L, 1_933_258L},
            {Networks.CONV6, new Shape(1, 28, 28), 1_802_698L, 1_802_698L},
        };
    }

    @Test(dataProvider = "counts")
    public void parameterCountsAndForwardShape(
            Networks network, Shape example, long learned, long total) {
        Block block = network.newBlock(example);
        Shape batch = new Shape(2).addAll(example);
        try (NDManager sub = manager.newSubManager()) {
            block.initialize(sub, DataType.FLOAT32, batch);
            Assert.assertEquals(ParameterCounts.trainable(block), learned, network.cliName());
            Assert.assertEquals(ParameterCounts.total(block), total, network.cliName());
            NDArray x = sub.randomNormal(batch);
            NDList out = block.forward(new ParameterStore(sub, false), new NDList(x), false);
            Assert.assertEquals(out.singletonOrThrow().getShape(), new Shape(2, 10));
        }
    }

    @Test
    public void resnetForwardInTrainingMode() {
        Block block = Networks.RESNET20.newBlock();
        try (NDManager sub = manager.newSubManager()) {
            Shape batch = new Shape(4, 3, 32, 32);
            block.initialize(sub, DataType.FLOAT32, batch);
            NDList out =
                    block.forward(
                            new ParameterStore(sub, false),
                            new NDList(sub.randomNormal(batch)),
                            true);
            Assert.assertEquals(out.singletonOrThrow().getShape(), new Shape(4, 10));
        }
    }

    @Test
    public void paperSizes() {
        Assert.assertEquals(4_301_642 / 1e6, 4.3, 0.05);
        Assert.assertEquals(2_425_930 / 1e6, 2.4, 0.05);
        // ResNet-20: within 2% of the paper's 272K.
        Assert.assertEquals(272_474 / 272_000.0, 1.0, 0.02);
        Assert.assertEquals(20_040_522 / 1e6, 20.0, 0.05);
    }

    @Test
    public void outputLayerIsTheLastLinearInParameterOrder() {
        for (Networks network : Networks.values()) {
            Block block = network.newBlock();
            List<String> keys = block.getParameters().keys();
            String last = keys.get(keys.size() - 1);
            Assert.assertTrue(last.matches("\\d\\d" + Networks.OUTPUT_LAYER + "_bias"), last);
            Block lastChild = block.getChildren().get(block.getChildren().size() - 1).getValue();
            Assert.assertTrue(lastChild instanceof Linear, network.cliName());
        }
    }

    @Test
    public void glorotAndKaimingStandardDeviations() {
        try (NDManager sub = manager.newSubManager()) {
            Block lenet = Networks.LENET300.newBlock();
            lenet.initialize(sub, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            NDArray fc1 = lenet.getParameters().get("02fc1_weight").getArray();
            Assert.assertEquals(std(fc1), Math.sqrt(2.0 / (784 + 300)), 0.001);
            NDArray bias = lenet.getParameters().get("02fc1_bias").getArray();
            Assert.assertEquals(bias.abs().sum().getFloat(), 0f);

            Block vgg = Networks.VGG16.newBlock();
            vgg.initialize(sub, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            NDArray conv = vgg.getParameters().get("41conv13_weight").getArray();
            Assert.assertEquals(std(conv), Math.sqrt(2.0 / (512 * 9)), 0.0005);
        }
    }

    private static double std(NDArray a) {
        NDArray centered = a.sub(a.mean());
        return Math.sqrt(centered.mul(centered).mean().getFloat());
    }

    @Test
    public void namesRoundTrip() {
        for (Networks n : Networks.values()) {
            Assert.assertSame(Networks.fromName(n.cliName().toUpperCase()), n);
            Assert.assertEquals(n.numClasses(), 10);
        }
        Assert.assertEquals(Networks.LENET300.inputShape(), new Shape(1, 28, 28));
        Assert.assertEquals(Networks.RESNET20.inputShape(), new Shape(3, 32, 32));
    }

    @Test(
            expectedExceptions = UserMistakeException.class,
            expectedExceptionsMessageRegExp = "Unknown network 'conv5'; choose one of lenet300, .*")
    public void unknownName() {
        Networks.fromName("conv5");
    }

    @Test(expectedExceptions = IllegalArgumentException.class)
    public void imageTooSmallForConv6() {
        ConvNet.builder().setDepth(6).optInputShape(new Shape(1, 4, 4)).build();
    }

    @Test(expectedExceptions = IllegalArgumentException.class)
    public void resnetDepthMustBe6nPlus2() {
        CifarResNet.builder().optDepth(21);
    }
}

package io.ltq.bench.quick;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.ltq.djl.structure.UnitKind;
import io.ltq.djl.structure.UnitStructure;
import io.ltq.experiments.models.Networks;
import java.util.List;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** The inference benchmark's networks: the compact ones have the widths and MACs they claim. */
public class InferenceFixtureTest {

    @DataProvider(name = "engines")
    static Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    @Test(dataProvider = "engines")
    public void compactLeNetKeepsAQuarterOfTheNeuronsAndCostsWhatItsLayersSay(String engine) {
        try (InferenceFixture dense = lenet(engine, 1);
                InferenceFixture compact = lenet(engine, 0.25)) {
            assertEquals(dense.macs(), 784L * 300 + 300 * 100 + 100 * 10);
            assertTrue(dense.widths().isEmpty(), dense.widths().toString());
            assertEquals(List.copyOf(compact.widths().values()), List.of(75, 25));
            assertEquals(compact.units(), UnitKind.NEURONS);
            assertEquals(compact.macs(), 784L * 75 + 75 * 25 + 25 * 10);
            for (int batch : new int[] {1, 8}) {
                assertTrue(Float.isFinite(dense.forward(batch)));
                assertTrue(Float.isFinite(compact.forward(batch)));
            }
            expectThrows(IllegalArgumentException.class, () -> compact.forward(256));
        }
    }

    @Test
    public void compactConvNetKeepsChannelsAndLeavesItsLinearLayersWhole() {
        try (InferenceFixture dense = conv2(1);
                InferenceFixture compact = conv2(0.1)) {
            assertEquals(compact.units(), UnitKind.CHANNELS);
            assertEquals(List.copyOf(compact.widths().values()), List.of(6, 6));
            // Conv-2 on 1x28x28: two 3x3 convolutions of 64 filters at 28x28, a pool to 14x14,
            // then Linear 12,544 -> 256 -> 256 -> 10; the compact one has 6 filters each.
            long fc = 256L * 256 + 256 * 10;
            assertEquals(dense.macs(),
                    9L * 1 * 64 * 784 + 9L * 64 * 64 * 784 + 64L * 196 * 256 + fc);
            assertEquals(compact.macs(),
                    9L * 1 * 6 * 784 + 9L * 6 * 6 * 784 + 6L * 196 * 256 + fc);
            assertTrue(Float.isFinite(compact.forward(2)));
        }
    }

    @Test
    public void resNet20KeepsTheFractionOfEveryChannelIncludingTheSharedOnes() {
        try (InferenceFixture dense = InferenceFixture.builder().setEngine("PyTorch")
                        .optNetwork(Networks.RESNET20).optBatchSizes(2).build();
                InferenceFixture compact = InferenceFixture.builder().setEngine("PyTorch")
                        .optNetwork(Networks.RESNET20).optKept(0.5).optBatchSizes(2).build()) {
            // 9 blocks' inner channels and 3 stages' shared ones, each at half its width.
            assertEquals(compact.widths().size(), 12, compact.widths().toString());
            assertTrue(compact.widths().values().stream().allMatch(w -> w == 8 || w == 16
                    || w == 32), compact.widths().toString());
            // Every convolution loses half its inputs and outputs: about a quarter of the MACs.
            double reduction = (double) dense.macs() / compact.macs();
            assertTrue(reduction > 3.5 && reduction < 4.5, reduction + "x");
            assertTrue(Float.isFinite(compact.forward(2)));
        }
    }

    private static InferenceFixture lenet(String engine, double kept) {
        return InferenceFixture.builder().setEngine(engine).optNetwork(Networks.LENET300)
                .optKept(kept).optBatchSizes(1, 8).build();
    }

    private static InferenceFixture conv2(double kept) {
        return InferenceFixture.builder().setEngine("PyTorch").optNetwork(Networks.CONV2)
                .optKept(kept).optBatchSizes(2).build();
    }
}

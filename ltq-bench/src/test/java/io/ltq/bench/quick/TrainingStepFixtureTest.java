package io.ltq.bench.quick;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ltq.djl.internal.MaskedOptimizer;
import io.ltq.djl.params.PrunableParameter;
import io.ltq.mask.Mask;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** The benchmark's training steps: the variants keep their promises on both engines. */
public class TrainingStepFixtureTest {

    @DataProvider(name = "engines")
    static Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    @Test(dataProvider = "engines")
    public void handMaskedVariantKeepsPrunedWeightsAtZeroWithoutTheTicket(String engine) {
        try (TrainingStepFixture hand = sparse(engine, true)) {
            assertEquals(hand.sparsity(), 0.8, 1e-3);
            long before = ((MaskedOptimizer) hand.ticket().getOptimizer()).getUpdateCount();
            for (int i = 0; i < 5; i++) {
                assertTrue(Float.isFinite(hand.step()));
            }
            // The ticket's optimizer is not in the trainer: the steps are plain DJL's.
            assertEquals(((MaskedOptimizer) hand.ticket().getOptimizer()).getUpdateCount(), before);
            assertPrunedWeightsAreZero(hand);
        }
    }

    @Test(dataProvider = "engines")
    public void ticketVariantStepsThroughTheMaskingOptimizer(String engine) {
        try (TrainingStepFixture ltq = sparse(engine, false)) {
            for (int i = 0; i < 3; i++) {
                ltq.step();
            }
            assertTrue(((MaskedOptimizer) ltq.ticket().getOptimizer()).getUpdateCount() > 0);
            assertPrunedWeightsAreZero(ltq);
        }
    }

    @Test
    public void stepsCycleThroughDifferentBatches() {
        // Same seed, same network: the first step's loss depends only on the first batch, so a
        // fixture whose pool starts with other data reports another loss.
        float first;
        float again;
        float other;
        try (TrainingStepFixture a =
                TrainingStepFixture.builder().setEngine("PyTorch").optBatches(4).build()) {
            first = a.step();
        }
        try (TrainingStepFixture b =
                TrainingStepFixture.builder().setEngine("PyTorch").optBatches(4).build()) {
            again = b.step();
        }
        try (TrainingStepFixture c =
                TrainingStepFixture.builder()
                        .setEngine("PyTorch")
                        .optBatches(4)
                        .optSeed(7)
                        .build()) {
            other = c.step();
        }
        assertEquals(again, first, 1e-5f);
        assertNotEquals(other, first);
    }

    @Test
    public void denseVariantHasNoTicket() {
        try (TrainingStepFixture dense =
                TrainingStepFixture.builder().setEngine("PyTorch").optBatches(1).build()) {
            assertNull(dense.ticket());
            assertEquals(dense.sparsity(), 0.0);
        }
    }

    @Test
    public void badSettingsSayWhatToDo() {
        IllegalStateException noMasks =
                expectThrows(
                        IllegalStateException.class,
                        () -> TrainingStepFixture.builder().optHandMasked(true).build());
        assertTrue(noMasks.getMessage().contains("optSparsity"), noMasks.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> TrainingStepFixture.builder().optBatches(0));
    }

    private static TrainingStepFixture sparse(String engine, boolean byHand) {
        return TrainingStepFixture.builder()
                .setEngine(engine)
                .optBatches(3)
                .optSparsity(0.8)
                .optHandMasked(byHand)
                .build();
    }

    private static void assertPrunedWeightsAreZero(TrainingStepFixture fixture) {
        int checked = 0;
        for (PrunableParameter p : fixture.ticket().getParameters().list()) {
            Mask mask = fixture.ticket().getMasks().get(p.path());
            float[] values = p.parameter().getArray().toFloatArray();
            for (int i = 0; i < values.length; i++) {
                if (!mask.isKept(i)) {
                    assertEquals(values[i], 0f, p.path() + " weight " + i + " came back");
                    checked++;
                }
            }
        }
        assertTrue(checked > 0, "no pruned weight was checked");
    }
}

package io.ltq.djl;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ltq.djl.init.PortableInitializer;
import io.ltq.mask.MaskSet;
import java.util.Arrays;
import java.util.Map;
import org.testng.annotations.Test;

/** Invariant 4: θ0 and the reinit control's θ0′ are LTQ's draws, the same on every engine. */
public class PortableInitializerTest {

    private static void assertBitIdentical(Map<String, float[]> a, Map<String, float[]> b) {
        assertEquals(a.keySet(), b.keySet());
        a.forEach((name, values) -> {
            float[] other = b.get(name);
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float.floatToRawIntBits(other[i]), Float.floatToRawIntBits(values[i]),
                        name + "[" + i + "]");
            }
        });
    }

    @Test
    public void sameSeedGivesBitIdenticalWeightsOnBothEngines() {
        try (Model pt = TinyProblem.portableModel("PyTorch", 42);
                Model mx = TinyProblem.portableModel("MXNet", 42);
                Model other = TinyProblem.portableModel("PyTorch", 43)) {
            Map<String, float[]> a = TinyProblem.snapshot(pt);
            assertBitIdentical(a, TinyProblem.snapshot(mx));
            assertFalse(Arrays.equals(TinyProblem.snapshot(other).get("01Linear_weight"),
                    a.get("01Linear_weight")));
            // Each parameter its own stream: equal shapes would otherwise get equal values.
            for (float v : a.get("03Linear_bias")) {
                assertEquals(v, 0f);
            }
        }
    }

    @Test
    public void reinitializationIsTheSameOnBothEngines() throws Exception {
        Map<String, float[]> first = null;
        for (String engine : new String[] {"PyTorch", "MXNet"}) {
            try (Model model = TinyProblem.portableModel(engine, 1);
                    LotteryTicket ticket = LotteryTicket.builder()
                            .setModel(model)
                            .setOptimizer(TinyProblem.optimizer("adam", 0))
                            .build()) {
                MaskSet masks = TinyProblem.randomMasks(ticket.getParameters().shapes(), 0.5, 3);
                ticket.setMasks(masks);
                ticket.reinitialize(99);
                Map<String, float[]> now = TinyProblem.snapshot(model);
                if (first == null) {
                    first = now;
                } else {
                    assertBitIdentical(now, first);
                }
                // θ0′ differs from θ0 of the same seed stream family.
                try (Model init = TinyProblem.portableModel(engine, 1)) {
                    assertFalse(Arrays.equals(now.get("01Linear_weight"),
                            TinyProblem.snapshot(init).get("01Linear_weight")));
                }
            }
        }
    }

    /** The distributions the presets promise, on layers large enough to tell. */
    @Test
    public void meanAndVarianceFollowTheFormulas() {
        PortableInitializer glorot = PortableInitializer.glorotNormal();
        PortableInitializer kaiming = PortableInitializer.kaimingNormal();
        Shape dense = new Shape(1000, 1200);
        Shape conv = new Shape(256, 128, 3, 3);
        check(glorot.sample(dense, 7), 2.0 / (1200 + 1000));
        check(kaiming.sample(dense, 7), 2.0 / 1200);
        check(glorot.sample(conv, 8), 2.0 / (128 * 9 + 256 * 9));
        check(kaiming.sample(conv, 8), 2.0 / (128 * 9));
        assertEquals(glorot.standardDeviation(conv), Math.sqrt(2.0 / (128 * 9 + 256 * 9)), 1e-15);
    }

    private static void check(float[] values, double variance) {
        double sum = 0;
        double squares = 0;
        for (float v : values) {
            sum += v;
            squares += (double) v * v;
        }
        int n = values.length;
        double mean = sum / n;
        double var = squares / n - mean * mean;
        // Standard errors: sqrt(var / n) for the mean, var · sqrt(2 / n) for the variance.
        assertEquals(mean, 0, 5 * Math.sqrt(variance / n), "mean");
        assertEquals(var, variance, 5 * variance * Math.sqrt(2.0 / n), "variance");
    }

    @Test
    public void djlsOwnCallDrawsReproduciblyToo() {
        try (NDManager m1 = NDManager.newBaseManager("PyTorch");
                NDManager m2 = NDManager.newBaseManager("MXNet")) {
            Shape shape = new Shape(30, 20);
            float[] a = PortableInitializer.glorotNormal()
                    .initialize(m1, shape, DataType.FLOAT32).toFloatArray();
            float[] b = PortableInitializer.glorotNormal()
                    .initialize(m2, shape, DataType.FLOAT32).toFloatArray();
            assertEquals(a, b);
        }
    }
}

package io.ltq.experiments.compare;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.Test;

public class WeightDistanceTest {

    @Test
    public void orthogonalUnitVectors() {
        WeightDistance.Accumulator acc = new WeightDistance.Accumulator();
        acc.add(new float[] {1, 0}, new float[] {0, 1});
        WeightDistance d = acc.result();
        assertEquals(d.l2(), Math.sqrt(2), 1e-12);
        assertEquals(d.relativeL2(), Math.sqrt(2), 1e-12);
        assertEquals(d.cosine(), 0, 1e-12);
    }

    @Test
    public void tensorsAccumulateAsOneVector() {
        // a = (3, 0, 4), b = (0, 0, 4) split over two tensors: |a-b| = 3, |b| = 4, cos = 16/20.
        WeightDistance.Accumulator acc = new WeightDistance.Accumulator();
        acc.add(new float[] {3, 0}, new float[] {0, 0});
        acc.add(new float[] {4}, new float[] {4});
        WeightDistance d = acc.result();
        assertEquals(d.l2(), 3, 1e-12);
        assertEquals(d.relativeL2(), 0.75, 1e-12);
        assertEquals(d.cosine(), 0.8, 1e-12);
    }

    @Test
    public void zeroVectorHasNoDirection() {
        WeightDistance.Accumulator acc = new WeightDistance.Accumulator();
        acc.add(new float[] {1, 2}, new float[] {0, 0});
        WeightDistance d = acc.result();
        assertTrue(Double.isNaN(d.cosine()));
        assertTrue(Double.isNaN(d.relativeL2()));
        expectThrows(IllegalArgumentException.class,
                () -> acc.add(new float[] {1}, new float[] {1, 2}));
    }
}

package io.ltq.prune.structured;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import io.ltq.prune.LayerKind;
import io.ltq.prune.PruningScope;
import io.ltq.prune.WeightTensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/**
 * Structured pruning on small tensors worked out by hand: which units go, that every coupled
 * slice goes with them, the counts, the floors and multiples, global ranking, convolution
 * channels through a flatten, and masks that only shrink.
 */
public class StructuredPrunerTest {

    /** fc1 [6, 4] with row r all (r + 1) * sign, so row norms rank as given by {@code order}. */
    private static List<WeightTensor> mlp(float[] rowScale) {
        float[] w1 = new float[24];
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 4; c++) {
                w1[r * 4 + c] = (c % 2 == 0 ? 1 : -1) * rowScale[r];
            }
        }
        float[] w2 = new float[18];
        for (int i = 0; i < w2.length; i++) {
            w2[i] = 0.1f * (i + 1);
        }
        return List.of(
                new WeightTensor("fc1.weight", LayerKind.DENSE, new long[] {6, 4}, w1),
                new WeightTensor("fc1.bias", LayerKind.OTHER, new long[] {6}, new float[6]),
                new WeightTensor("fc2.weight", LayerKind.DENSE, new long[] {3, 6}, w2),
                new WeightTensor("out.weight", LayerKind.OUTPUT, new long[] {2, 3},
                        new float[] {1, 2, 3, 4, 5, 6}));
    }

    private static UnitLayer fc1() {
        return new UnitLayer("fc1", LayerKind.DENSE, 6, List.of(UnitSlice.of("fc1.weight", 0),
                UnitSlice.of("fc1.bias", 0), UnitSlice.of("fc2.weight", 1)));
    }

    private static UnitLayer fc2() {
        return new UnitLayer("fc2", LayerKind.DENSE, 3, List.of(UnitSlice.of("fc2.weight", 0),
                UnitSlice.of("out.weight", 1)));
    }

    private static MaskSet ones(List<WeightTensor> weights) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        weights.forEach(w -> shapes.put(w.name(), w.shape()));
        return MaskSet.ones(shapes);
    }

    private static boolean rowKept(Mask m, int row, int cols) {
        boolean any = m.isKept((long) row * cols);
        for (int c = 0; c < cols; c++) {
            assertEquals(m.isKept((long) row * cols + c), any, "row " + row + " is whole");
        }
        return any;
    }

    private static boolean columnKept(Mask m, int col, int rows, int cols) {
        boolean any = m.isKept(col);
        for (int r = 0; r < rows; r++) {
            assertEquals(m.isKept((long) r * cols + col), any, "column " + col + " is whole");
        }
        return any;
    }

    @Test
    public void theWeakestNeuronsGoWithTheirBiasAndTheNextLayersColumns() {
        List<WeightTensor> w = mlp(new float[] {3, 1, 5, 2, 6, 4});
        MaskSet m = StructuredPruner.builder().setLayers(List.of(fc1())).optFraction(0.5)
                .build().prune(w, ones(w));
        // Half of 6 rows: the three of smallest L1 norm, rows 1 (1), 3 (2) and 0 (3).
        boolean[] expected = {false, false, true, false, true, true};
        for (int r = 0; r < 6; r++) {
            assertEquals(rowKept(m.get("fc1.weight"), r, 4), expected[r], "fc1 row " + r);
            assertEquals(m.get("fc1.bias").isKept(r), expected[r], "bias " + r);
            assertEquals(columnKept(m.get("fc2.weight"), r, 3, 6), expected[r], "fc2 col " + r);
        }
        assertEquals(m.get("fc1.weight").countKept(), 12);
        assertEquals(m.get("fc2.weight").countKept(), 9);
        assertEquals(m.get("out.weight").countKept(), 6, "an uncoupled tensor keeps its mask");
    }

    @Test
    public void l1AndL2CanDisagree() {
        // Row 0: one large weight (L1 4, L2 4); row 1: four of 1.5 (L1 6, L2 3).
        float[] w1 = {4, 0, 0, 0, 1.5f, 1.5f, 1.5f, -1.5f};
        List<WeightTensor> w = List.of(
                new WeightTensor("a", LayerKind.DENSE, new long[] {2, 4}, w1));
        UnitLayer layer = new UnitLayer("a", LayerKind.DENSE, 2, List.of(UnitSlice.of("a", 0)));
        MaskSet l1 = StructuredPruner.builder().setLayers(List.of(layer)).optFraction(0.5)
                .build().prune(w, ones(w));
        MaskSet l2 = StructuredPruner.builder().setLayers(List.of(layer)).optFraction(0.5)
                .optNorm(StructuredPruner.Norm.L2).build().prune(w, ones(w));
        assertFalse(l1.get("a").isKept(0));
        assertTrue(l1.get("a").isKept(4));
        assertTrue(l2.get("a").isKept(0));
        assertFalse(l2.get("a").isKept(4));
    }

    @Test
    public void levelsPruneTheLiveUnitsAndMasksOnlyShrink() {
        List<WeightTensor> w = mlp(new float[] {3, 1, 5, 2, 6, 4});
        StructuredPruner p = StructuredPruner.builder().setLayers(List.of(fc1())).optFraction(0.2)
                .build();
        MaskSet one = p.prune(w, ones(w));
        // 20% of 6 live rows is round(1.2) = 1: row 1.
        assertEquals(one.get("fc1.weight").countKept(), 20);
        assertFalse(one.get("fc1.bias").isKept(1));
        MaskSet two = p.prune(w, one);
        // 20% of 5 live rows: row 3 goes too.
        assertTrue(two.isSubsetOf(one));
        assertEquals(two.get("fc1.weight").countKept(), 16);
        assertFalse(two.get("fc1.bias").isKept(3));
        assertEquals(p.prune(w, one), two, "a pure function of weights and masks");
    }

    @Test
    public void aMinimumWidthAndAMultipleAreKept() {
        List<WeightTensor> w = mlp(new float[] {3, 1, 5, 2, 6, 4});
        MaskSet floor = StructuredPruner.builder().setLayers(List.of(fc1())).optFraction(0.9)
                .optMinWidth(2).build().prune(w, ones(w));
        assertEquals(floor.get("fc1.bias").countKept(), 2);
        assertTrue(floor.get("fc1.bias").isKept(4) && floor.get("fc1.bias").isKept(2));
        // Half of 6 is 3, rounded up to a multiple of 4.
        MaskSet rounded = StructuredPruner.builder().setLayers(List.of(fc1())).optFraction(0.5)
                .optMultiple(4).build().prune(w, ones(w));
        assertEquals(rounded.get("fc1.bias").countKept(), 4);
    }

    @Test
    public void globalScopeRanksTheUnitsOfAllLayersTogether() {
        List<WeightTensor> w = mlp(new float[] {30, 10, 50, 20, 60, 40});
        // fc1 rows score 40..240; fc2 rows (0.1..1.8 by index) score 2.1, 5.7, 9.3 before fc1's
        // pruning: the two weakest of 9 units are fc2's rows 0 and 1, the floor keeps one.
        MaskSet m = StructuredPruner.builder().setLayers(List.of(fc1(), fc2()))
                .optScope(PruningScope.GLOBAL).optFraction(0.3).build().prune(w, ones(w));
        // round(0.3 * 9) = 3 units: fc2 rows 0 and 1 (its floor stops a third), then fc1 row 1.
        // fc2's rows, read at column 0 (fc1's unit 0 stays; its column 1 goes with fc1 row 1).
        Mask fc2 = m.get("fc2.weight");
        assertFalse(fc2.isKept(0) || fc2.isKept(6), "fc2 rows 0 and 1 pruned");
        assertTrue(fc2.isKept(12) && !fc2.isKept(13), "fc2 row 2 kept but fc1 unit 1's column");
        assertEquals(fc2.countKept(), 5);
        assertFalse(columnKept(m.get("out.weight"), 0, 2, 3));
        assertFalse(rowKept(m.get("fc1.weight"), 1, 4));
        assertEquals(m.get("fc1.bias").countKept(), 5);
    }

    @Test
    public void aChannelGoesWithItsBatchNormAndItsColumnsAfterAFlatten() {
        // conv [2 channels, 1, 1, 1] -> BatchNorm gamma [2] -> flatten 2x(2x2) -> fc [3, 8].
        List<WeightTensor> w = List.of(
                new WeightTensor("conv.weight", LayerKind.CONV, new long[] {2, 1, 1, 1},
                        new float[] {0.5f, -2}),
                new WeightTensor("bn.gamma", LayerKind.OTHER, new long[] {2}, new float[] {1, 1}),
                new WeightTensor("fc.weight", LayerKind.DENSE, new long[] {3, 8}, new float[24]));
        UnitLayer conv = new UnitLayer("conv", LayerKind.CONV, 2, List.of(
                UnitSlice.of("conv.weight", 0), UnitSlice.of("bn.gamma", 0),
                new UnitSlice("fc.weight", 1, 4)));
        MaskSet m = StructuredPruner.builder().setLayers(List.of(conv)).optFraction(0.5).build()
                .prune(w, ones(w));
        assertFalse(m.get("conv.weight").isKept(0));
        assertTrue(m.get("conv.weight").isKept(1));
        assertFalse(m.get("bn.gamma").isKept(0));
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 8; c++) {
                assertEquals(m.get("fc.weight").isKept(r * 8L + c), c >= 4, "fc " + r + "," + c);
            }
        }
    }

    @Test
    public void aCouplingThatDoesNotFitIsNamed() {
        List<WeightTensor> w = mlp(new float[] {1, 2, 3, 4, 5, 6});
        UnitLayer wrong = new UnitLayer("fc1", LayerKind.DENSE, 6, List.of(
                UnitSlice.of("fc1.weight", 0), UnitSlice.of("fc2.weight", 0)));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> StructuredPruner.builder().setLayers(List.of(wrong)).build()
                        .prune(w, ones(w)));
        assertTrue(e.getMessage().contains("fc2.weight") && e.getMessage().contains("[3, 6]"),
                e.getMessage());
        UnitLayer missing = new UnitLayer("fc1", LayerKind.DENSE, 6, List.of(
                UnitSlice.of("fc1.weight", 0), UnitSlice.of("bn.beta", 0)));
        e = expectThrows(IllegalArgumentException.class,
                () -> StructuredPruner.builder().setLayers(List.of(missing)).build()
                        .prune(w, ones(w)));
        assertTrue(e.getMessage().contains("bn.beta"), e.getMessage());
    }
}

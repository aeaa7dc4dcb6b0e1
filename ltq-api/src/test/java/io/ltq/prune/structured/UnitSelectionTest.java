package io.ltq.prune.structured;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ltq.mask.MaskSet;
import io.ltq.prune.LayerKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/**
 * Kept units as masks and as a compact network: shapes, values moved both ways (a convolution's
 * channels through a flatten included), masks read back into units, random widths.
 */
public class UnitSelectionTest {

    /** conv [4 filters, 1, 1, 1] with bias and BatchNorm, flattened (2 x 2 pixels) into fc [3, 16]. */
    private static final List<UnitLayer> LAYERS = List.of(
            new UnitLayer("conv", LayerKind.CONV, 4, List.of(UnitSlice.of("conv.weight", 0),
                    UnitSlice.of("conv.bias", 0), UnitSlice.of("bn.gamma", 0),
                    UnitSlice.statistic("bn.mean"), new UnitSlice("fc.weight", 1, 4))),
            new UnitLayer("fc", LayerKind.DENSE, 3, List.of(UnitSlice.of("fc.weight", 0),
                    UnitSlice.of("out.weight", 1))));

    private static Map<String, long[]> shapes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("conv.weight", new long[] {4, 1, 1, 1});
        s.put("conv.bias", new long[] {4});
        s.put("bn.gamma", new long[] {4});
        s.put("fc.weight", new long[] {3, 16});
        s.put("out.weight", new long[] {2, 3});
        return s;
    }

    private static float[] iota(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return v;
    }

    private static UnitSelection keep13and02() {
        return UnitSelection.of(LAYERS, Map.of("conv", new int[] {3, 1}, "fc", new int[] {0, 2}));
    }

    @Test
    public void aTensorCutAlongTwoAxesKeepsTheKeptRowsAndTheirFlattenedColumns() {
        UnitSelection kept = keep13and02();
        long[] fc = {3, 16};
        assertEquals(kept.compactShape("fc.weight", fc), new long[] {2, 8});
        float[] small = kept.gather("fc.weight", fc, iota(48));
        // Row 0 then row 2; within each, columns 4-7 (channel 1) then 12-15 (channel 3).
        assertEquals(small, new float[] {5, 6, 7, 8, 13, 14, 15, 16,
                37, 38, 39, 40, 45, 46, 47, 48});
        assertEquals(kept.compactShape("bn.mean", new long[] {4}), new long[] {2});
        assertEquals(kept.gather("bn.mean", new long[] {4}, iota(4)), new float[] {2, 4});
        assertEquals(kept.compactShape("untouched", new long[] {5}), new long[] {5});
    }

    @Test
    public void scatterPutsTheCompactValuesBackAndZeroesTheRest() {
        UnitSelection kept = keep13and02();
        long[] fc = {3, 16};
        float[] back = kept.scatter("fc.weight", fc, kept.gather("fc.weight", fc, iota(48)));
        MaskSet masks = kept.toMasks(shapes());
        for (int i = 0; i < 48; i++) {
            boolean isKept = masks.get("fc.weight").isKept(i);
            assertEquals(back[i], isKept ? i + 1f : 0f, "index " + i);
        }
    }

    @Test
    public void masksReadBackIntoTheSameUnits() {
        UnitSelection kept = keep13and02();
        MaskSet masks = kept.toMasks(shapes());
        assertEquals(masks.get("conv.bias").countKept(), 2);
        assertEquals(masks.get("out.weight").countKept(), 4);
        assertEquals(masks.get("fc.weight").countKept(), 16);
        assertEquals(UnitSelection.ofMasks(LAYERS, shapes(), masks), kept);
        assertEquals(kept.widths(), Map.of("conv", 2, "fc", 2));
    }

    @Test
    public void randomUnitsHaveTheWidthsAndDependOnlyOnTheSeed() {
        Map<String, Integer> widths = Map.of("conv", 3, "fc", 1);
        UnitSelection a = UnitSelection.random(LAYERS, widths, 7);
        assertEquals(a.widths(), Map.of("conv", 3, "fc", 1));
        assertEquals(UnitSelection.random(LAYERS, widths, 7), a);
        boolean differs = false;
        for (long seed = 8; seed < 20 && !differs; seed++) {
            differs = !UnitSelection.random(LAYERS, widths, seed).equals(a);
        }
        assertTrue(differs, "other seeds draw other units");
        assertNotEquals(UnitSelection.random(LAYERS, widths, 7), keep13and02());
    }

    @Test
    public void aLayerWithoutUnitsOrWithUnitsItDoesNotHaveIsRefused() {
        expectThrows(IllegalArgumentException.class,
                () -> UnitSelection.of(LAYERS, Map.of("conv", new int[0])));
        expectThrows(IllegalArgumentException.class,
                () -> UnitSelection.of(LAYERS, Map.of("conv", new int[] {4})));
        expectThrows(IllegalArgumentException.class,
                () -> UnitSelection.of(LAYERS, Map.of("conv", new int[] {1, 1})));
    }
}

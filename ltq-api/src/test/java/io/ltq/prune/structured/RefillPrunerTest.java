package io.ltq.prune.structured;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.ltq.mask.MaskSet;
import io.ltq.prune.LayerKind;
import io.ltq.prune.MagnitudePruner;
import io.ltq.prune.WeightTensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/** IMP-Refill worked out by hand: the units unstructured pruning spares most come back whole. */
public class RefillPrunerTest {

    private static final UnitLayer FC1 = new UnitLayer("fc1", LayerKind.DENSE, 4, List.of(
            UnitSlice.of("fc1.weight", 0), UnitSlice.of("out.weight", 1)));

    /**
     * fc1 [4, 4]: rows 0 and 2 hold the large weights except one small one each; rows 1 and 3
     * one large weight each. Half of the 16 weights go: rows 0 and 2 keep 3 each, rows 1, 3 one.
     */
    private static List<WeightTensor> weights() {
        float[] w = {
            9, 8, 7, 0.1f,
            0.2f, 6, 0.3f, 0.4f,
            5, 4, 0.5f, 3,
            0.6f, 0.7f, 0.8f, 2.5f};
        return List.of(new WeightTensor("fc1.weight", LayerKind.DENSE, new long[] {4, 4}, w),
                new WeightTensor("out.weight", LayerKind.OUTPUT, new long[] {2, 4},
                        new float[] {1, 1, 1, 1, 1, 1, 1, 1}));
    }

    private static MaskSet ones() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        weights().forEach(w -> shapes.put(w.name(), w.shape()));
        return MaskSet.ones(shapes);
    }

    @Test
    public void theUnitsWithTheMostSurvivorsComeBackWholeAtTheSameCount() {
        RefillPruner refill = RefillPruner.builder()
                .setPruner(MagnitudePruner.builder().optFraction(LayerKind.DENSE, 0.5)
                        .optFraction(LayerKind.OUTPUT, 0).build())
                .setLayers(List.of(FC1))
                .build();
        MaskSet m = refill.prune(weights(), ones());
        // 8 weights survive, 4 per row: 2 whole rows, the two with 3 survivors.
        assertEquals(UnitSelection.ofMasks(List.of(FC1), Map.of("fc1.weight", new long[] {4, 4}),
                m).kept("fc1"), new int[] {0, 2});
        assertEquals(m.get("fc1.weight").countKept(), 8);
        assertEquals(m.get("out.weight").countKept(), 4, "the output columns of dropped units go");
        assertTrue(m.get("fc1.weight").isKept(3), "row 0's pruned weight is refilled");
        // A second level halves again: one row of the two.
        MaskSet next = refill.prune(weights(), m);
        assertEquals(next.get("fc1.weight").countKept(), 4);
        assertTrue(next.isSubsetOf(m));
    }
}

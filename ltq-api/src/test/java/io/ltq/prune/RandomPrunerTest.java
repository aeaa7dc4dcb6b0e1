package io.ltq.prune;

import static io.ltq.prune.MagnitudePrunerTest.dense;
import static io.ltq.prune.MagnitudePrunerTest.randomTensor;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.testng.annotations.Test;

public class RandomPrunerTest {

    private static List<WeightTensor> net() {
        return List.of(
                randomTensor("fc1", LayerKind.DENSE, new long[] {30, 20}, 1),
                randomTensor("conv", LayerKind.CONV, new long[] {4, 3, 3, 3}, 2),
                randomTensor("emb", LayerKind.OTHER, new long[] {50}, 3),
                randomTensor("out", LayerKind.OUTPUT, new long[] {10, 7}, 4));
    }

    /** Masks with remaining counts 10, 20 and 30 out of 40 each. */
    private static MaskSet partial(List<WeightTensor> ws) {
        Map<String, Mask> m = new LinkedHashMap<>();
        int[] kept = {10, 20, 30};
        for (int t = 0; t < ws.size(); t++) {
            boolean[] k = new boolean[ws.get(t).size()];
            for (int i = 0; i < kept[t]; i++) {
                k[i * 4 / 3] = true;
            }
            m.put(ws.get(t).name(), Mask.of(ws.get(t).shape(), k));
        }
        return MaskSet.of(m);
    }

    @Test
    public void layerwiseRemovesTheMagnitudeCounts() {
        List<WeightTensor> ws = net();
        MaskSet cur = dense(ws);
        for (int round = 0; round < 5; round++) {
            Pruner mag = MagnitudePruner.builder().optFraction(LayerKind.OUTPUT, 0.1).build();
            Pruner rnd =
                    RandomPruner.builder()
                            .optFraction(LayerKind.OUTPUT, 0.1)
                            .optSeed(round)
                            .build();
            MaskSet m = mag.prune(ws, cur);
            MaskSet r = rnd.prune(ws, cur);
            assertTrue(r.isSubsetOf(cur));
            for (String name : cur.names()) {
                assertEquals(r.get(name).countKept(), m.get(name).countKept(), name);
            }
            assertEquals(r.get("emb"), Mask.ones(50));
            cur = r;
        }
    }

    @Test
    public void globalSplitsTheTotalByLargestRemainder() {
        List<WeightTensor> ws =
                List.of(
                        randomTensor("a", LayerKind.DENSE, new long[] {40}, 1),
                        randomTensor("b", LayerKind.DENSE, new long[] {40}, 2),
                        randomTensor("c", LayerKind.DENSE, new long[] {40}, 3));
        MaskSet cur = partial(ws);
        MaskSet out =
                RandomPruner.builder()
                        .optFraction(0.25)
                        .optScope(PruningScope.GLOBAL)
                        .build()
                        .prune(ws, cur);
        // 15 of 60: shares 2.5, 5, 7.5; the tied remainders .5 go to the earlier tensor first.
        assertEquals(out.get("a").countKept(), 10 - 3);
        assertEquals(out.get("b").countKept(), 20 - 5);
        assertEquals(out.get("c").countKept(), 30 - 7);
        assertTrue(out.isSubsetOf(cur));

        MaskSet mag =
                MagnitudePruner.builder()
                        .optFraction(0.25)
                        .optScope(PruningScope.GLOBAL)
                        .build()
                        .prune(ws, cur);
        assertEquals(out.countKept(), mag.countKept());

        assertThrows(
                IllegalArgumentException.class,
                () -> RandomPruner.builder()
                        .optScope(PruningScope.GLOBAL)
                        .optFraction("a", 0.5)
                        .build()
                        .prune(ws, cur));
    }

    @Test
    public void reproduciblePerSeedAndDifferentAcrossSeeds() {
        List<WeightTensor> ws = net();
        MaskSet cur = dense(ws);
        MaskSet a = RandomPruner.builder().optSeed(7).build().prune(ws, cur);
        MaskSet b = RandomPruner.builder().optSeed(7).build().prune(ws, cur);
        MaskSet c = RandomPruner.builder().optSeed(8).build().prune(ws, cur);
        assertEquals(a, b);
        assertNotEquals(a.get("fc1"), c.get("fc1"));
        // One tensor's draw does not depend on what the others lose.
        MaskSet d =
                RandomPruner.builder().optSeed(7).optFraction("conv", 0.5).build().prune(ws, cur);
        assertEquals(d.get("fc1"), a.get("fc1"));
        assertNotEquals(d.get("conv"), a.get("conv"));
    }

    @Test
    public void positionsAreUniformAmongSurvivors() {
        WeightTensor w = randomTensor("w", LayerKind.DENSE, new long[] {12}, 1);
        boolean[] keep = new boolean[12];
        for (int i = 0; i < 12; i += 2) {
            keep[i] = true;
        }
        MaskSet cur = MaskSet.of(Map.of("w", Mask.of(new long[] {12}, keep)));
        int[] hits = new int[12];
        int trials = 3000;
        for (int s = 0; s < trials; s++) {
            // 0.5 of 6 survivors: 3 go.
            Pruner p = RandomPruner.builder().optFraction(0.5).optSeed(s).build();
            Mask m = p.prune(List.of(w), cur).get("w");
            for (int i = 0; i < 12; i++) {
                if (keep[i] && !m.isKept(i)) {
                    hits[i]++;
                }
                assertTrue(keep[i] || !m.isKept(i));
            }
        }
        for (int i = 0; i < 12; i += 2) {
            // Expected 1500 each; 6 standard deviations is about 165.
            assertTrue(Math.abs(hits[i] - trials / 2) < 165, "position " + i + ": " + hits[i]);
        }
    }

    @Test
    public void sameCountsKeepsCountsAtRandomPositions() {
        List<WeightTensor> ws = net();
        MaskSet ticket = MagnitudePruner.builder().optFraction(0.7).build().prune(ws, dense(ws));
        Map<String, Mask> extra = new LinkedHashMap<>(ticket.asMap());
        extra.put("none", Mask.builder(5, 13).build());
        extra.put("all", Mask.ones(64, 3));
        extra.put("scalar", Mask.ones());
        MaskSet ref = MaskSet.of(extra);

        MaskSet rnd = RandomPruner.sameCounts(ref, 11);
        assertEquals(List.copyOf(rnd.names()), List.copyOf(ref.names()));
        for (String name : ref.names()) {
            assertEquals(rnd.get(name).getShape(), ref.get(name).getShape(), name);
            assertEquals(rnd.get(name).countKept(), ref.get(name).countKept(), name);
        }
        assertEquals(RandomPruner.sameCounts(ref, 11), rnd);
        assertNotEquals(RandomPruner.sameCounts(ref, 12).get("fc1"), rnd.get("fc1"));
        assertNotEquals(rnd.get("fc1"), ref.get("fc1"));
        // Dense-ish masks take the complement path; check it too.
        MaskSet mostlyKept =
                MagnitudePruner.builder().optFraction(0.1).build().prune(ws, dense(ws));
        MaskSet r2 = RandomPruner.sameCounts(mostlyKept, 3);
        for (String name : mostlyKept.names()) {
            assertEquals(r2.get(name).countKept(), mostlyKept.get(name).countKept());
        }
    }

    @Test
    public void sameCountsCoversAllPositions() {
        Mask three = MagnitudePrunerTest.bits(1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
        MaskSet ref = MaskSet.of(Map.of("w", three));
        int[] hits = new int[10];
        for (int s = 0; s < 2000; s++) {
            Mask m = RandomPruner.sameCounts(ref, s).get("w");
            for (int i = 0; i < 10; i++) {
                hits[i] += m.isKept(i) ? 1 : 0;
            }
        }
        for (int h : hits) {
            // Expected 600 each.
            assertTrue(Math.abs(h - 600) < 130, java.util.Arrays.toString(hits));
        }
    }

    @Test
    public void largeTensorsStayExact() {
        List<WeightTensor> ws = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            float[] zeros = new float[100_003];
            ws.add(new WeightTensor("t" + t, LayerKind.DENSE, new long[] {zeros.length}, zeros));
        }
        MaskSet cur = dense(ws);
        SplittableRandom r = new SplittableRandom(1);
        for (int round = 0; round < 4; round++) {
            double p = r.nextDouble(0.05, 0.9);
            for (PruningScope scope : PruningScope.values()) {
                MaskSet out =
                        RandomPruner.builder()
                                .optFraction(p)
                                .optScope(scope)
                                .optSeed(round)
                                .build()
                                .prune(ws, cur);
                MaskSet mag =
                        MagnitudePruner.builder()
                                .optFraction(p)
                                .optScope(scope)
                                .build()
                                .prune(ws, cur);
                assertEquals(out.countKept(), mag.countKept());
                assertTrue(out.isSubsetOf(cur));
            }
            cur = RandomPruner.builder().optFraction(p).optSeed(round).build().prune(ws, cur);
        }
    }

    @Test
    public void refusesBadSettings() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertThrows(iae, () -> RandomPruner.builder().optFraction(1).build());
        assertThrows(iae, () -> RandomPruner.builder().optFraction(LayerKind.DENSE, -1).build());
        String s = RandomPruner.builder().optSeed(5).build().toString();
        assertTrue(s.contains("seed=5") && s.contains("LAYERWISE"), s);
    }
}

package io.ltq.prune;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertSame;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class MagnitudePrunerTest {

    static WeightTensor tensor(String name, LayerKind kind, float... values) {
        return new WeightTensor(name, kind, new long[] {values.length}, values);
    }

    static WeightTensor randomTensor(String name, LayerKind kind, long[] shape, long seed) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble(-1, 1));
        }
        return new WeightTensor(name, kind, shape, v);
    }

    static MaskSet dense(List<WeightTensor> ws) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        ws.forEach(w -> shapes.put(w.name(), w.shape()));
        return MaskSet.ones(shapes);
    }

    /** A 1-d mask from 0/1 values. */
    static Mask bits(int... kept) {
        boolean[] k = new boolean[kept.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = kept[i] != 0;
        }
        return Mask.of(new long[] {k.length}, k);
    }

    private static MaskSet pruneOne(double p, WeightTensor w) {
        List<WeightTensor> ws = List.of(w);
        return MagnitudePruner.builder().optFraction(p).build().prune(ws, dense(ws));
    }

    private static long pruned(MaskSet m, String name) {
        return m.get(name).countPruned();
    }

    @DataProvider
    public Object[][] rounding() {
        return new Object[][] {
            {0.2, 10, 2}, {0.2, 5, 1}, {0.2, 7, 1}, {0.5, 5, 3}, {0.2, 1, 0}, {0.5, 1, 1},
            {0.1, 5, 1}, {0.2, 12, 2}, {0.2, 13, 3}, {0.999, 4, 4}
        };
    }

    @Test(dataProvider = "rounding")
    public void removesRoundedShareOfRemaining(double p, int n, int expected) {
        WeightTensor w = randomTensor("w", LayerKind.DENSE, new long[] {n}, n);
        MaskSet out = pruneOne(p, w);
        assertEquals(pruned(out, "w"), expected);
    }

    @Test
    public void prunesSmallestMagnitudesWhateverTheSign() {
        WeightTensor w = tensor("w", LayerKind.DENSE, -5f, 0.1f, 3f, -0.2f, 2f);
        MaskSet out = pruneOne(0.4, w);
        assertEquals(out.get("w"), bits(1, 0, 1, 0, 1));
    }

    @Test
    public void layerwiseAndGlobalThresholdsDiffer() {
        WeightTensor a = tensor("a", LayerKind.DENSE, 1, 2, 3, 4, 5);
        WeightTensor b = tensor("b", LayerKind.DENSE, 10, 20, 30, 40, 50);
        List<WeightTensor> ws = List.of(a, b);
        MaskSet layer = MagnitudePruner.builder().optFraction(0.4).build().prune(ws, dense(ws));
        assertEquals(layer.get("a"), bits(0, 0, 1, 1, 1));
        assertEquals(layer.get("b"), bits(0, 0, 1, 1, 1));

        MaskSet global =
                MagnitudePruner.builder()
                        .optFraction(0.4)
                        .optScope(PruningScope.GLOBAL)
                        .build()
                        .prune(ws, dense(ws));
        // One threshold: the four smallest of all ten weights are all in a.
        assertEquals(global.get("a"), bits(0, 0, 0, 0, 1));
        assertEquals(global.get("b"), Mask.ones(5));
    }

    @Test
    public void outputLayerAtHalfRate() {
        List<WeightTensor> ws =
                List.of(
                        randomTensor("fc1", LayerKind.DENSE, new long[] {10, 10}, 1),
                        randomTensor("conv", LayerKind.CONV, new long[] {2, 5, 10}, 2),
                        randomTensor("out", LayerKind.OUTPUT, new long[] {10, 10}, 3));
        MaskSet out =
                MagnitudePruner.builder()
                        .optFraction(0.2)
                        .optFraction(LayerKind.OUTPUT, 0.1)
                        .optFraction(LayerKind.CONV, 0.15)
                        .build()
                        .prune(ws, dense(ws));
        assertEquals(out.get("fc1").countKept(), 80);
        assertEquals(out.get("conv").countKept(), 85);
        assertEquals(out.get("out").countKept(), 90);
    }

    @Test
    public void otherKindIsOnlyPrunedWhenAsked() {
        List<WeightTensor> ws =
                List.of(
                        randomTensor("emb", LayerKind.OTHER, new long[] {20}, 1),
                        randomTensor("fc", LayerKind.DENSE, new long[] {20}, 2));
        MaskSet out = MagnitudePruner.builder().optFraction(0.5).build().prune(ws, dense(ws));
        assertEquals(out.get("emb"), Mask.ones(20));
        assertEquals(out.get("fc").countKept(), 10);
        MaskSet other =
                MagnitudePruner.builder()
                        .optFraction(LayerKind.OTHER, 0.25)
                        .build()
                        .prune(ws, dense(ws));
        assertEquals(other.get("emb").countKept(), 15);
    }

    @Test
    public void exclusionsAndNameRulesTakePriority() {
        List<WeightTensor> ws =
                List.of(
                        randomTensor("block1/fc/weight", LayerKind.DENSE, new long[] {10}, 1),
                        randomTensor("block2/fc/weight", LayerKind.DENSE, new long[] {10}, 2),
                        randomTensor("head/weight", LayerKind.OUTPUT, new long[] {10}, 3));
        MaskSet out =
                MagnitudePruner.builder()
                        .optFraction(0.2)
                        .optFraction(LayerKind.OUTPUT, 0.1)
                        .optFraction("head/.*", 0.5)
                        .optExclude("block1/.*")
                        .build()
                        .prune(ws, dense(ws));
        assertEquals(out.get("block1/fc/weight"), Mask.ones(10));
        assertEquals(out.get("block2/fc/weight").countKept(), 8);
        assertEquals(out.get("head/weight").countKept(), 5);
        assertEquals(
                List.copyOf(out.names()),
                List.of("block1/fc/weight", "block2/fc/weight", "head/weight"));

        // Full match: "fc" alone matches no path; the rule added last wins.
        MaskSet partial =
                MagnitudePruner.builder()
                        .optExclude("fc")
                        .optFraction(".*weight", 0.3)
                        .optFraction("block2/.*", 0.5)
                        .build()
                        .prune(ws, dense(ws));
        assertEquals(partial.get("block1/fc/weight").countKept(), 7);
        assertEquals(partial.get("block2/fc/weight").countKept(), 5);
    }

    @Test
    public void tiesAreBrokenByIndex() {
        WeightTensor w = tensor("w", LayerKind.DENSE, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        MaskSet out = pruneOne(0.3, w);
        for (int i = 0; i < 10; i++) {
            assertEquals(out.get("w").isKept(i), i >= 3, "index " + i);
        }
        // -0.0 and 0.0 have the same magnitude.
        WeightTensor z = tensor("z", LayerKind.DENSE, 0f, -0f, 0f, 1f, -0f);
        MaskSet zo = pruneOne(0.4, z);
        assertEquals(zo.get("z"), bits(0, 0, 1, 1, 1));

        // GLOBAL: the earlier tensor of the list loses ties first.
        WeightTensor a = tensor("a", LayerKind.DENSE, 2, 2, 2, 2);
        WeightTensor b = tensor("b", LayerKind.DENSE, 2, 2, 2, 2);
        MaskSet g =
                MagnitudePruner.builder()
                        .optFraction(0.75)
                        .optScope(PruningScope.GLOBAL)
                        .build()
                        .prune(List.of(b, a), dense(List.of(a, b)));
        assertEquals(g.get("b").countKept(), 0);
        assertEquals(g.get("a"), bits(0, 0, 1, 1));
    }

    @Test
    public void masksShrinkMonotonicallyWithExactCounts() {
        Pruner pruner = MagnitudePruner.builder().build();
        List<WeightTensor> ws =
                List.of(
                        randomTensor("a", LayerKind.DENSE, new long[] {37, 29}, 1),
                        randomTensor("b", LayerKind.CONV, new long[] {3, 3, 7, 5}, 2));
        MaskSet masks = dense(ws);
        for (int round = 1; round <= 5; round++) {
            // Training moves the weights between rounds.
            List<WeightTensor> trained = new ArrayList<>();
            for (WeightTensor w : ws) {
                trained.add(randomTensor(w.name(), w.kind(), w.shape(), 100L * round + w.size()));
            }
            MaskSet next = pruner.prune(trained, masks);
            assertTrue(next.isSubsetOf(masks), "round " + round);
            for (String name : masks.names()) {
                long before = masks.get(name).countKept();
                assertEquals(next.get(name).countKept(), before - Math.round(0.2 * before), name);
            }
            masks = next;
        }
        assertEquals(masks.get("a").countKept(), 351);
    }

    @Test
    public void prunedWeightsNeverRevive() {
        WeightTensor w = tensor("w", LayerKind.DENSE, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        Pruner pruner = MagnitudePruner.builder().optFraction(0.3).build();
        MaskSet first = pruner.prune(List.of(w), dense(List.of(w)));
        // The pruned weights grow huge; survivors stay small.
        WeightTensor grown = tensor("w", LayerKind.DENSE, 100, 200, 300, 4, 5, 6, 7, 8, 9, 10);
        MaskSet second = pruner.prune(List.of(grown), first);
        boolean[] expected = {false, false, false, false, false, true, true, true, true, true};
        assertEquals(second.get("w"), Mask.of(new long[] {10}, expected));
    }

    @Test
    public void isDeterministicAndLeavesInputsAlone() {
        List<WeightTensor> ws =
                List.of(
                        randomTensor("a", LayerKind.DENSE, new long[] {1000}, 5),
                        randomTensor("b", LayerKind.OUTPUT, new long[] {333}, 6));
        float[] copy = ws.get(0).values().clone();
        for (PruningScope scope : PruningScope.values()) {
            Pruner p = MagnitudePruner.builder().optScope(scope).build();
            MaskSet cur = p.prune(ws, dense(ws));
            assertEquals(p.prune(ws, cur), p.prune(ws, cur));
        }
        assertEquals(ws.get(0).values(), copy);
    }

    @Test
    public void matchesSortingReferenceOnRandomInputs() {
        SplittableRandom r = new SplittableRandom(42);
        for (int trial = 0; trial < 40; trial++) {
            List<WeightTensor> ws = new ArrayList<>();
            Map<String, Mask> current = new LinkedHashMap<>();
            int tensors = 1 + r.nextInt(4);
            for (int t = 0; t < tensors; t++) {
                int n = 1 + r.nextInt(trial < 30 ? 200 : 5000);
                float[] v = new float[n];
                boolean quantized = r.nextBoolean();
                for (int i = 0; i < n; i++) {
                    // Quantized values give many ties; wide exponents cover many radix buckets.
                    v[i] = quantized
                            ? (r.nextInt(7) - 3) * 0.25f
                            : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-6, 4)));
                }
                if (r.nextInt(10) == 0) {
                    v[r.nextInt(n)] = Float.POSITIVE_INFINITY;
                }
                String name = "t" + t;
                ws.add(new WeightTensor(name, LayerKind.DENSE, new long[] {n}, v));
                boolean[] keep = new boolean[n];
                double density = r.nextDouble();
                for (int i = 0; i < n; i++) {
                    keep[i] = r.nextDouble() < density;
                }
                current.put(name, Mask.of(new long[] {n}, keep));
            }
            MaskSet cur = MaskSet.of(current);
            double p = r.nextDouble(0, 0.99);
            for (PruningScope scope : PruningScope.values()) {
                MaskSet got =
                        MagnitudePruner.builder()
                                .optFraction(p)
                                .optScope(scope)
                                .build()
                                .prune(ws, cur);
                MaskSet want = reference(ws, cur, p, scope == PruningScope.GLOBAL);
                assertEquals(got, want, "trial " + trial + " " + scope);
            }
        }
    }

    /** The obvious sort-based rule, to check the radix select against. */
    private static MaskSet reference(List<WeightTensor> ws, MaskSet cur, double p, boolean global) {
        Map<String, boolean[]> keep = new LinkedHashMap<>();
        List<int[]> all = new ArrayList<>();
        for (int t = 0; t < ws.size(); t++) {
            WeightTensor w = ws.get(t);
            Mask m = cur.get(w.name());
            boolean[] k = new boolean[w.size()];
            List<int[]> mine = new ArrayList<>();
            for (int i = 0; i < k.length; i++) {
                k[i] = m.isKept(i);
                if (k[i]) {
                    mine.add(new int[] {t, i});
                }
            }
            keep.put(w.name(), k);
            if (global) {
                all.addAll(mine);
            } else {
                dropSmallest(ws, keep, mine, Math.round(p * mine.size()));
            }
        }
        if (global) {
            dropSmallest(ws, keep, all, Math.round(p * all.size()));
        }
        Map<String, Mask> out = new LinkedHashMap<>();
        for (WeightTensor w : ws) {
            out.put(w.name(), Mask.of(w.shape(), keep.get(w.name())));
        }
        return MaskSet.of(out);
    }

    private static void dropSmallest(
            List<WeightTensor> ws, Map<String, boolean[]> keep, List<int[]> cands, long k) {
        Comparator<int[]> order =
                Comparator.<int[]>comparingDouble(c -> Math.abs(ws.get(c[0]).values()[c[1]]))
                        .thenComparingInt(c -> c[0])
                        .thenComparingInt(c -> c[1]);
        cands.sort(order);
        for (int j = 0; j < k; j++) {
            int[] c = cands.get(j);
            keep.get(ws.get(c[0]).name())[c[1]] = false;
        }
    }

    @Test
    public void globalRefusesMixedFractions() {
        List<WeightTensor> ws =
                List.of(
                        randomTensor("fc1", LayerKind.DENSE, new long[] {10}, 1),
                        randomTensor("emb", LayerKind.OTHER, new long[] {10}, 3),
                        randomTensor("out", LayerKind.OUTPUT, new long[] {10}, 2));
        Pruner p =
                MagnitudePruner.builder()
                        .optScope(PruningScope.GLOBAL)
                        .optFraction(LayerKind.OUTPUT, 0.1)
                        .build();
        IllegalArgumentException e =
                expectThrows(IllegalArgumentException.class, () -> p.prune(ws, dense(ws)));
        assertTrue(e.getMessage().contains("fc1"), e.getMessage());
        assertTrue(e.getMessage().contains("out"), e.getMessage());
        assertTrue(e.getMessage().contains("LAYERWISE"), e.getMessage());
        // Excluded tensors (fraction 0) do not count as a different fraction.
        Pruner ok =
                MagnitudePruner.builder().optScope(PruningScope.GLOBAL).optExclude("out").build();
        MaskSet out = ok.prune(ws, dense(ws));
        assertEquals(out.get("out"), Mask.ones(10));
        assertEquals(out.get("emb"), Mask.ones(10));
        assertEquals(out.countKept(), 30 - 2);
    }

    @Test
    public void refusesNaNAmongSurvivors() {
        WeightTensor w = tensor("layer/w", LayerKind.DENSE, 1, Float.NaN, 3, 4);
        Pruner p = MagnitudePruner.builder().build();
        MaskSet all = dense(List.of(w));
        IllegalArgumentException e =
                expectThrows(IllegalArgumentException.class, () -> p.prune(List.of(w), all));
        String msg = e.getMessage();
        assertTrue(msg.contains("layer/w") && msg.contains("NaN"), msg);
        // A NaN at a pruned position is not a candidate and is ignored.
        MaskSet cur = MaskSet.of(Map.of("layer/w", bits(1, 0, 1, 1)));
        assertEquals(p.prune(List.of(w), cur).get("layer/w").countKept(), 2);
        // An excluded tensor is not read at all.
        Pruner skip = MagnitudePruner.builder().optExclude("layer/.*").build();
        assertEquals(skip.prune(List.of(w), dense(List.of(w))).get("layer/w"), Mask.ones(4));
    }

    @Test
    public void refusesBadFractionsAtBuildTime() {
        IllegalArgumentException e =
                expectThrows(
                        IllegalArgumentException.class,
                        () -> MagnitudePruner.builder().optFraction(LayerKind.CONV, 1.5).build());
        assertEquals(
                e.getMessage(),
                "Pruning fraction 1.5 for CONV is outside [0, 1): give the share of the remaining"
                        + " weights to remove, e.g. 0.2.");
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertThrows(iae, () -> MagnitudePruner.builder().optFraction(1.0).build());
        assertThrows(iae, () -> MagnitudePruner.builder().optFraction(-0.1).build());
        assertThrows(iae, () -> MagnitudePruner.builder().optFraction(Double.NaN).build());
        assertThrows(iae, () -> MagnitudePruner.builder().optFraction("x", 2).build());
        assertThrows(iae, () -> MagnitudePruner.builder().optExclude("(").build());
        assertNotNull(MagnitudePruner.builder().optFraction(0).build());
    }

    @Test
    public void checksShapesAndKeepsUnlistedMasks() {
        WeightTensor w = randomTensor("w", LayerKind.DENSE, new long[] {4, 5}, 1);
        Pruner p = MagnitudePruner.builder().build();
        MaskSet wrong = MaskSet.of(Map.of("w", Mask.ones(5, 4)));
        IllegalArgumentException e =
                expectThrows(IllegalArgumentException.class, () -> p.prune(List.of(w), wrong));
        assertTrue(e.getMessage().contains("[4, 5]"), e.getMessage());

        Mask stray = bits(1, 0, 1);
        Map<String, Mask> cur = new LinkedHashMap<>();
        cur.put("stray", stray);
        MaskSet out = p.prune(List.of(w), MaskSet.of(cur));
        // "w" had no mask: treated as dense. "stray" has no weights: copied unchanged, last.
        assertEquals(List.copyOf(out.names()), List.of("w", "stray"));
        assertEquals(out.get("w").countKept(), 16);
        assertSame(out.get("stray"), stray);

        assertThrows(
                IllegalArgumentException.class, () -> p.prune(List.of(w, w), MaskSet.of(Map.of())));
    }

    @Test
    public void edgeCounts() {
        WeightTensor empty =
                new WeightTensor("empty", LayerKind.DENSE, new long[] {0, 3}, new float[0]);
        WeightTensor one = tensor("one", LayerKind.DENSE, 0.5f);
        List<WeightTensor> ws = List.of(empty, one);
        for (PruningScope scope : PruningScope.values()) {
            Pruner p = MagnitudePruner.builder().optFraction(0.5).optScope(scope).build();
            MaskSet out = p.prune(ws, dense(ws));
            assertEquals(out.get("empty").size(), 0);
            // round(0.5 * 1) = 1: the last weight goes.
            assertEquals(out.get("one").countKept(), 0);
            MaskSet again = p.prune(ws, out);
            assertEquals(again, out);
        }
    }

    @Test
    public void describesItself() {
        String s =
                MagnitudePruner.builder()
                        .optFraction(0.3)
                        .optFraction(LayerKind.OUTPUT, 0.15)
                        .optExclude("bias.*")
                        .optScope(PruningScope.GLOBAL)
                        .build()
                        .toString();
        assertTrue(s.startsWith("MagnitudePruner["), s);
        for (String part : new String[] {"GLOBAL", "0.3", "OUTPUT=0.15", "bias.*"}) {
            assertTrue(s.contains(part), s);
        }
        assertFalse(MagnitudePruner.builder().build().toString().contains("exclude"));
    }
}

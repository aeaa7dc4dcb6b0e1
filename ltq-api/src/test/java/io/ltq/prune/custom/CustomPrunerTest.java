package io.ltq.prune.custom;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertSame;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import io.ltq.prune.LayerKind;
import io.ltq.prune.MagnitudePruner;
import io.ltq.prune.PrunePlan;
import io.ltq.prune.Pruner;
import io.ltq.prune.PrunerBuilder;
import io.ltq.prune.PruningRates;
import io.ltq.prune.PruningScope;
import io.ltq.prune.RandomPruner;
import io.ltq.prune.WeightTensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.testng.annotations.Test;

/**
 * A pruner written outside {@code io.ltq.prune}, from the public API alone: its builder extends
 * {@link PrunerBuilder}, its {@code prune} counts and assembles through {@link PrunePlan}.
 */
public class CustomPrunerTest {

    /** Scores every weight of a tensor; the surviving weights of lowest score are removed. */
    @FunctionalInterface
    interface Score {
        double[] of(WeightTensor w);
    }

    /** The default score: distance from the tensor's mean, so weights near the mean go first. */
    static final Score FROM_MEAN =
            w -> {
                float[] v = w.values();
                double mean = 0;
                for (float x : v) {
                    mean += x;
                }
                mean /= v.length;
                double[] s = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    s[i] = Math.abs(v[i] - mean);
                }
                return s;
            };

    /** Magnitude, to check the plan against {@link MagnitudePruner}. */
    static final Score MAGNITUDE =
            w -> {
                double[] s = new double[w.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = Math.abs(w.values()[i]);
                }
                return s;
            };

    /**
     * Removes the surviving weights of lowest score: per tensor in LAYERWISE scope, over all
     * in-scope tensors together in GLOBAL scope. Ties go to the earlier tensor, then the lower
     * index, as in {@link MagnitudePruner}.
     */
    static final class ScorePruner implements Pruner {

        private final PruningRates rates;
        private final Score score;

        private ScorePruner(PruningRates rates, Score score) {
            this.rates = rates;
            this.score = score;
        }

        static Builder builder() {
            return new Builder();
        }

        @Override
        public MaskSet prune(List<WeightTensor> weights, MaskSet current) {
            PrunePlan plan = PrunePlan.of(weights, current, rates);
            int n = plan.size();
            long[][] words = new long[n][];
            // Candidates as {tensor, index}, sorted by score, then tensor, then index.
            List<int[]> global = new ArrayList<>();
            double[][] scores = new double[n][];
            for (int t = 0; t < n; t++) {
                if (!plan.inScope(t)) {
                    continue;
                }
                words[t] = plan.mask(t).toWords();
                scores[t] = score.of(plan.weight(t));
                List<int[]> mine = survivors(plan.mask(t), t);
                if (plan.scope() == PruningScope.GLOBAL) {
                    global.addAll(mine);
                } else {
                    drop(mine, scores, words, plan.layerwiseCount(t));
                }
            }
            if (plan.scope() == PruningScope.GLOBAL) {
                drop(global, scores, words, plan.globalCount());
            }
            Mask[] out = new Mask[n];
            for (int t = 0; t < n; t++) {
                if (words[t] != null) {
                    out[t] = Mask.fromWords(plan.weight(t).shape(), words[t]);
                }
            }
            return plan.result(out);
        }

        private static List<int[]> survivors(Mask m, int t) {
            List<int[]> out = new ArrayList<>();
            for (int i = 0; i < m.size(); i++) {
                if (m.isKept(i)) {
                    out.add(new int[] {t, i});
                }
            }
            return out;
        }

        private static void drop(List<int[]> cands, double[][] scores, long[][] words, long k) {
            cands.sort(
                    Comparator.<int[]>comparingDouble(c -> scores[c[0]][c[1]])
                            .thenComparingInt(c -> c[0])
                            .thenComparingInt(c -> c[1]));
            for (int j = 0; j < k; j++) {
                int[] c = cands.get(j);
                words[c[0]][c[1] >>> 6] &= ~(1L << c[1]);
            }
        }

        /** The shared options come from {@link PrunerBuilder}; the score is this pruner's own. */
        static final class Builder extends PrunerBuilder<Builder> {

            private Score score = FROM_MEAN;

            private Builder() {}

            @Override
            protected Builder self() {
                return this;
            }

            Builder optScore(Score score) {
                this.score = score;
                return this;
            }

            ScorePruner build() {
                return new ScorePruner(rates(), score);
            }
        }
    }

    private static WeightTensor tensor(String name, LayerKind kind, float... values) {
        return new WeightTensor(name, kind, new long[] {values.length}, values);
    }

    private static WeightTensor randomTensor(String name, LayerKind kind, long[] shape, long seed) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return new WeightTensor(name, kind, shape, v);
    }

    private static MaskSet dense(List<WeightTensor> ws) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        ws.forEach(w -> shapes.put(w.name(), w.shape()));
        return MaskSet.ones(shapes);
    }

    private static Mask bits(int... kept) {
        boolean[] k = new boolean[kept.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = kept[i] != 0;
        }
        return Mask.of(new long[] {k.length}, k);
    }

    /** Random weights, many of them tied, under random masks of random density. */
    private static List<WeightTensor> randomInputs(SplittableRandom r, Map<String, Mask> current) {
        List<WeightTensor> ws = new ArrayList<>();
        LayerKind[] kinds = {LayerKind.DENSE, LayerKind.CONV, LayerKind.OUTPUT};
        int tensors = 1 + r.nextInt(4);
        for (int t = 0; t < tensors; t++) {
            int n = 1 + r.nextInt(300);
            float[] v = new float[n];
            boolean quantized = r.nextBoolean();
            for (int i = 0; i < n; i++) {
                v[i] = quantized ? (r.nextInt(7) - 3) * 0.25f : (float) r.nextGaussian();
            }
            String name = "block" + t + "/weight";
            ws.add(new WeightTensor(name, kinds[t % kinds.length], new long[] {n}, v));
            boolean[] keep = new boolean[n];
            double density = r.nextDouble();
            for (int i = 0; i < n; i++) {
                keep[i] = r.nextDouble() < density;
            }
            current.put(name, Mask.of(new long[] {n}, keep));
        }
        return ws;
    }

    @Test
    public void scoringByMagnitudeReproducesMagnitudePrunerBitForBit() {
        // Counts, tie order and assembly all come from the plan, so the same rule gives the same
        // masks in both scopes: the per-tensor counts are MagnitudePruner's exactly.
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 40; trial++) {
            Map<String, Mask> cur = new LinkedHashMap<>();
            List<WeightTensor> ws = randomInputs(r, cur);
            MaskSet current = MaskSet.of(cur);
            double p = r.nextDouble(0, 0.99);
            for (PruningScope scope : PruningScope.values()) {
                MaskSet want =
                        MagnitudePruner.builder()
                                .optFraction(p)
                                .optScope(scope)
                                .build()
                                .prune(ws, current);
                MaskSet got =
                        ScorePruner.builder()
                                .optScore(MAGNITUDE)
                                .optFraction(p)
                                .optScope(scope)
                                .build()
                                .prune(ws, current);
                assertEquals(got, want, "trial " + trial + " " + scope);
            }
        }
    }

    @Test
    public void ownRuleRemovesAsManyAsMagnitudePruner() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 30; trial++) {
            Map<String, Mask> cur = new LinkedHashMap<>();
            List<WeightTensor> ws = randomInputs(r, cur);
            MaskSet current = MaskSet.of(cur);
            // LAYERWISE with rates per kind and name: every tensor loses MagnitudePruner's count.
            MaskSet mine =
                    ScorePruner.builder()
                            .optFraction(0.3)
                            .optFraction(LayerKind.OUTPUT, 0.15)
                            .optFraction("block1/.*", 0.5)
                            .build()
                            .prune(ws, current);
            MaskSet theirs =
                    MagnitudePruner.builder()
                            .optFraction(0.3)
                            .optFraction(LayerKind.OUTPUT, 0.15)
                            .optFraction("block1/.*", 0.5)
                            .build()
                            .prune(ws, current);
            assertTrue(mine.isSubsetOf(current), "trial " + trial);
            for (String name : current.names()) {
                assertEquals(
                        mine.get(name).countKept(),
                        theirs.get(name).countKept(),
                        "trial " + trial + " " + name);
            }
            // GLOBAL: one shared count, whatever tensors it falls on.
            MaskSet mineG =
                    ScorePruner.builder()
                            .optFraction(0.3)
                            .optScope(PruningScope.GLOBAL)
                            .build()
                            .prune(ws, current);
            MaskSet theirsG =
                    MagnitudePruner.builder()
                            .optFraction(0.3)
                            .optScope(PruningScope.GLOBAL)
                            .build()
                            .prune(ws, current);
            assertTrue(mineG.isSubsetOf(current), "trial " + trial);
            assertEquals(mineG.countKept(), theirsG.countKept(), "trial " + trial);
        }
    }

    @Test
    public void ownRuleChoosesOtherWeightsThanMagnitude() {
        // Mean 5.5: the weights nearest it go, where magnitude would take 1 and 2.
        WeightTensor w = tensor("w", LayerKind.DENSE, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        List<WeightTensor> ws = List.of(w);
        MaskSet out = ScorePruner.builder().optFraction(0.2).build().prune(ws, dense(ws));
        assertEquals(out.get("w"), bits(1, 1, 1, 1, 0, 0, 1, 1, 1, 1));
        MaskSet mag = MagnitudePruner.builder().optFraction(0.2).build().prune(ws, dense(ws));
        assertNotEquals(out.get("w"), mag.get("w"));
        // Equal scores (4 and 7 are 1.5 from the mean): the lower index goes first.
        MaskSet three = ScorePruner.builder().optFraction(0.3).build().prune(ws, dense(ws));
        assertEquals(three.get("w"), bits(1, 1, 1, 0, 0, 0, 1, 1, 1, 1));
    }

    @Test
    public void masksOnlyShrinkWithExactCounts() {
        Pruner pruner = ScorePruner.builder().build();
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
    public void ratesPerKindAndName() {
        List<WeightTensor> ws =
                List.of(
                        randomTensor("fc1/weight", LayerKind.DENSE, new long[] {10, 10}, 1),
                        randomTensor("conv/weight", LayerKind.CONV, new long[] {2, 5, 10}, 2),
                        randomTensor("head/weight", LayerKind.OUTPUT, new long[] {10, 10}, 3),
                        randomTensor("emb/weight", LayerKind.OTHER, new long[] {100}, 4));
        MaskSet out =
                ScorePruner.builder()
                        .optFraction(0.2)
                        .optFraction(LayerKind.OUTPUT, 0.1)
                        .optFraction(LayerKind.CONV, 0.15)
                        .build()
                        .prune(ws, dense(ws));
        assertEquals(out.get("fc1/weight").countKept(), 80);
        assertEquals(out.get("conv/weight").countKept(), 85);
        assertEquals(out.get("head/weight").countKept(), 90);
        // OTHER is only pruned when asked.
        assertEquals(out.get("emb/weight").countKept(), 100);

        // A name rule beats the kind; the rule added last wins.
        MaskSet named =
                ScorePruner.builder()
                        .optFraction(LayerKind.OTHER, 0.25)
                        .optFraction(".*/weight", 0.3)
                        .optFraction("head/.*", 0.5)
                        .build()
                        .prune(ws, dense(ws));
        assertEquals(named.get("fc1/weight").countKept(), 70);
        assertEquals(named.get("conv/weight").countKept(), 70);
        assertEquals(named.get("head/weight").countKept(), 50);
        assertEquals(named.get("emb/weight").countKept(), 70);
    }

    @Test
    public void excludedAndUnlistedTensorsPassThroughUnchanged() {
        List<WeightTensor> ws =
                List.of(
                        randomTensor("block1/fc/weight", LayerKind.DENSE, new long[] {10}, 1),
                        randomTensor("block2/fc/weight", LayerKind.DENSE, new long[] {10}, 2));
        Map<String, Mask> cur = new LinkedHashMap<>();
        cur.put("block1/fc/weight", bits(1, 0, 1, 1, 0, 1, 1, 1, 1, 1));
        cur.put("block2/fc/weight", Mask.ones(10));
        cur.put("frozen/weight", bits(0, 1, 1));
        MaskSet current = MaskSet.of(cur);
        for (PruningScope scope : PruningScope.values()) {
            MaskSet out =
                    ScorePruner.builder()
                            .optScope(scope)
                            .optExclude("block1/.*")
                            .build()
                            .prune(ws, current);
            assertSame(out.get("block1/fc/weight"), current.get("block1/fc/weight"));
            assertSame(out.get("frozen/weight"), current.get("frozen/weight"));
            assertEquals(out.get("block2/fc/weight").countKept(), 8, scope.toString());
            assertEquals(
                    List.copyOf(out.names()),
                    List.of("block1/fc/weight", "block2/fc/weight", "frozen/weight"));
        }
    }

    @Test
    public void ratesArePublicAndMatchThePruners() {
        PruningRates rates =
                PruningRates.builder()
                        .optFraction(0.3)
                        .optFraction(LayerKind.OUTPUT, 0.1)
                        .optFraction("x/.*", 0.5)
                        .optExclude("x/bias")
                        .optScope(PruningScope.GLOBAL)
                        .build();
        assertEquals(rates.rateFor("fc/weight", LayerKind.DENSE), 0.3);
        assertEquals(rates.rateFor("head", LayerKind.OUTPUT), 0.1);
        assertEquals(rates.rateFor("emb", LayerKind.OTHER), 0.0);
        assertEquals(rates.rateFor("x/weight", LayerKind.OUTPUT), 0.5);
        assertEquals(rates.rateFor("x/bias", LayerKind.DENSE), 0.0);
        assertEquals(rates.scope(), PruningScope.GLOBAL);
        assertEquals(
                rates.describe(),
                "scope=GLOBAL, fraction=0.3, OUTPUT=0.1, 'x/.*'=0.5, exclude 'x/bias'");
        assertEquals(rates.toString(), "PruningRates[" + rates.describe() + "]");
        PruningRates defaults = PruningRates.builder().build();
        assertEquals(defaults.rateFor("w", LayerKind.CONV), PruningRates.DEFAULT_FRACTION);
        assertEquals(defaults.scope(), PruningScope.LAYERWISE);
        assertEquals(
                MagnitudePruner.builder().build().toString(),
                "MagnitudePruner[" + defaults.describe() + "]");

        // Halves round up, never past what remains.
        assertEquals(PruningRates.count(0.2, 7), 1);
        assertEquals(PruningRates.count(0.5, 5), 3);
        assertEquals(PruningRates.count(0.999, 4), 4);
        assertEquals(PruningRates.count(0, 10), 0);
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertThrows(iae, () -> PruningRates.count(1.0, 10));
        assertThrows(iae, () -> PruningRates.count(0.2, -1));
        assertThrows(iae, () -> PruningRates.builder().optFraction(1.5).build());
        assertThrows(iae, () -> PruningRates.builder().optFraction("(", 0.1).build());
        assertThrows(iae, () -> ScorePruner.builder().optFraction(LayerKind.CONV, -0.1).build());
    }

    @Test
    public void planReadsAndSplitsLikeTheBuiltInPruners() {
        List<WeightTensor> ws =
                List.of(
                        randomTensor("a", LayerKind.DENSE, new long[] {7}, 1),
                        randomTensor("b", LayerKind.OTHER, new long[] {4}, 2),
                        randomTensor("c", LayerKind.DENSE, new long[] {5}, 3));
        MaskSet current = MaskSet.of(Map.of("a", bits(1, 1, 1, 1, 1, 1, 0)));
        PruningRates layerwise = PruningRates.builder().optFraction(0.5).build();
        PrunePlan plan = PrunePlan.of(ws, current, layerwise);
        assertEquals(plan.size(), 3);
        assertSame(plan.weight(1), ws.get(1));
        assertSame(plan.mask(0), current.get("a"));
        // A tensor without a mask is dense.
        assertEquals(plan.mask(2), Mask.ones(5));
        assertEquals(plan.rate(0), 0.5);
        assertEquals(plan.rate(1), 0.0);
        assertTrue(plan.inScope(0) && !plan.inScope(1) && plan.inScope(2));
        assertEquals(plan.remaining(0), 6);
        assertEquals(plan.remainingInScope(), 11);
        assertEquals(plan.scope(), PruningScope.LAYERWISE);
        assertEquals(plan.layerwiseCount(0), 3);
        assertEquals(plan.layerwiseCount(1), 0);
        assertEquals(plan.layerwiseCount(2), 3);
        assertEquals(plan.globalRate(), 0.5);
        assertEquals(plan.globalCount(), 6);
        // 6 over survivors 6 and 5: 36/11 and 30/11, so 3 + 2 and the larger remainder (c) +1.
        assertEquals(plan.splitProportionally(6), new long[] {3, 0, 3});
        assertThrows(IllegalArgumentException.class, () -> plan.splitProportionally(12));
        assertThrows(IllegalArgumentException.class, () -> plan.splitProportionally(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> plan.mask(3));

        // The split is RandomPruner's: the same per-tensor counts in GLOBAL scope.
        PruningRates global =
                PruningRates.builder().optFraction(0.5).optScope(PruningScope.GLOBAL).build();
        long[] split = PrunePlan.of(ws, current, global).splitProportionally(6);
        MaskSet random =
                RandomPruner.builder()
                        .optFraction(0.5)
                        .optScope(PruningScope.GLOBAL)
                        .build()
                        .prune(ws, current);
        assertEquals(random.get("a").countKept(), 6 - split[0]);
        assertEquals(random.get("c").countKept(), 5 - split[2]);

        // Untouched tensors keep their mask; the others' shrink.
        Mask[] out = new Mask[3];
        out[0] = bits(1, 0, 1, 0, 1, 0, 0);
        MaskSet result = plan.result(out);
        assertEquals(result.get("a"), out[0]);
        assertSame(result.get("b"), plan.mask(1));
        assertEquals(List.copyOf(result.names()), List.of("a", "b", "c"));
    }

    @Test
    public void planRefusesBadInputsAndRevivedWeights() {
        WeightTensor a = randomTensor("a", LayerKind.DENSE, new long[] {4}, 1);
        PruningRates rates = PruningRates.builder().build();
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        IllegalArgumentException dup =
                expectThrows(iae, () -> PrunePlan.of(List.of(a, a), MaskSet.ones(Map.of()), rates));
        assertTrue(dup.getMessage().contains("twice"), dup.getMessage());
        MaskSet wrongShape = MaskSet.of(Map.of("a", Mask.ones(5)));
        IllegalArgumentException shape =
                expectThrows(iae, () -> PrunePlan.of(List.of(a), wrongShape, rates));
        assertTrue(shape.getMessage().contains("shape"), shape.getMessage());

        MaskSet current = MaskSet.of(Map.of("a", bits(1, 1, 0, 1)));
        PrunePlan plan = PrunePlan.of(List.of(a), current, rates);
        assertThrows(iae, () -> plan.result(new Mask[2]));
        assertThrows(iae, () -> plan.result(new Mask[] {Mask.ones(2, 2)}));
        IllegalArgumentException revived =
                expectThrows(iae, () -> plan.result(new Mask[] {bits(1, 1, 1, 0)}));
        assertTrue(revived.getMessage().contains("pruned"), revived.getMessage());
        assertEquals(plan.result(new Mask[] {bits(0, 1, 0, 1)}).get("a"), bits(0, 1, 0, 1));

        // GLOBAL needs one fraction for every pruned tensor, as for the built-in pruners.
        WeightTensor head = randomTensor("head", LayerKind.OUTPUT, new long[] {4}, 2);
        PruningRates mixed =
                PruningRates.builder()
                        .optFraction(LayerKind.OUTPUT, 0.1)
                        .optScope(PruningScope.GLOBAL)
                        .build();
        assertThrows(
                iae, () -> PrunePlan.of(List.of(a, head), MaskSet.ones(Map.of()), mixed));
    }
}

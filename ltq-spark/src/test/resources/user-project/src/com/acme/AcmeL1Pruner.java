package com.acme;

import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import io.ltq.prune.PrunePlan;
import io.ltq.prune.Pruner;
import io.ltq.prune.PrunerBuilder;
import io.ltq.prune.PruningRates;
import io.ltq.prune.PruningScope;
import io.ltq.prune.WeightTensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Removes the surviving weights of smallest |w| relative to their layer's mean surviving |w|:
 * per tensor in LAYERWISE scope, over all pruned tensors together in GLOBAL scope, where the
 * scaling lets a layer of small weights keep its share. The counts are {@link PrunePlan}'s.
 */
public final class AcmeL1Pruner implements Pruner {

    private final PruningRates rates;

    private AcmeL1Pruner(PruningRates rates) {
        this.rates = rates;
    }

    /**
     * Returns a builder with LTQ's default rates.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public MaskSet prune(List<WeightTensor> weights, MaskSet current) {
        PrunePlan plan = PrunePlan.of(weights, current, rates);
        int n = plan.size();
        long[][] words = new long[n][];
        double[][] scores = new double[n][];
        List<int[]> global = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            if (!plan.inScope(t)) {
                continue;
            }
            Mask mask = plan.mask(t);
            float[] v = plan.weight(t).values();
            double sum = 0;
            List<int[]> survivors = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                if (mask.isKept(i)) {
                    sum += Math.abs(v[i]);
                    survivors.add(new int[] {t, i});
                }
            }
            double mean = survivors.isEmpty() ? 1 : sum / survivors.size();
            scores[t] = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                scores[t][i] = mean > 0 ? Math.abs(v[i]) / mean : 0;
            }
            words[t] = mask.toWords();
            if (plan.scope() == PruningScope.GLOBAL) {
                global.addAll(survivors);
            } else {
                drop(survivors, scores, words, plan.layerwiseCount(t));
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

    private static void drop(List<int[]> candidates, double[][] scores, long[][] words, long k) {
        candidates.sort(Comparator.<int[]>comparingDouble(c -> scores[c[0]][c[1]])
                .thenComparingInt(c -> c[0])
                .thenComparingInt(c -> c[1]));
        for (int j = 0; j < k; j++) {
            int[] c = candidates.get(j);
            words[c[0]][c[1] >>> 6] &= ~(1L << c[1]);
        }
    }

    @Override
    public String toString() {
        return "AcmeL1Pruner[" + rates.describe() + "]";
    }

    /** LTQ's shared options, from {@link PrunerBuilder}. */
    public static final class Builder extends PrunerBuilder<Builder> {

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the pruner.
         *
         * @return the pruner
         */
        public AcmeL1Pruner build() {
            return new AcmeL1Pruner(rates());
        }
    }
}

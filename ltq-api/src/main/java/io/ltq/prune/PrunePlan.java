package io.ltq.prune;

import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The checked inputs of one {@code prune} call, shared by the pruners: the current mask and
 * fraction of every tensor, how many weights each removes, and the assembly of the result.
 */
final class PrunePlan {

    private final List<WeightTensor> weights;
    private final MaskSet current;
    private final Mask[] masks;
    private final double[] rates;
    private final long[] remaining;
    private final PruningScope scope;

    private PrunePlan(List<WeightTensor> weights, MaskSet current, PruningRates settings) {
        this.weights = weights;
        this.current = current;
        this.scope = settings.scope();
        int n = weights.size();
        masks = new Mask[n];
        rates = new double[n];
        remaining = new long[n];
        Set<String> seen = new HashSet<>();
        for (int t = 0; t < n; t++) {
            WeightTensor w = Objects.requireNonNull(weights.get(t), "weights[" + t + "]");
            if (!seen.add(w.name())) {
                throw new IllegalArgumentException(
                        "Tensor " + w.name() + " appears twice in the weights to prune: give each"
                                + " parameter once.");
            }
            Mask m = current.get(w.name());
            if (m == null) {
                // A tensor without a mask has never been pruned: every weight survives.
                m = Mask.ones(w.shape());
            } else if (!Arrays.equals(m.getShape(), w.shape())) {
                throw new IllegalArgumentException(
                        "Tensor " + w.name() + " has shape " + Arrays.toString(w.shape())
                                + " but its mask has shape " + Arrays.toString(m.getShape())
                                + ": pass the mask that was made for these weights.");
            }
            masks[t] = m;
            rates[t] = settings.rateFor(w.name(), w.kind());
            remaining[t] = m.countKept();
        }
        if (scope == PruningScope.GLOBAL) {
            checkOneRate();
        }
    }

    /**
     * Checks the inputs and resolves the fraction of every tensor.
     *
     * @throws IllegalArgumentException on duplicate names, a shape mismatch, or, in GLOBAL scope,
     *     pruned tensors with different fractions
     */
    static PrunePlan of(List<WeightTensor> weights, MaskSet current, PruningRates settings) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(current, "current");
        return new PrunePlan(List.copyOf(weights), current, settings);
    }

    private void checkOneRate() {
        int first = -1;
        for (int t = 0; t < rates.length; t++) {
            if (rates[t] == 0) {
                continue;
            }
            if (first < 0) {
                first = t;
            } else if (rates[t] != rates[first]) {
                throw new IllegalArgumentException(
                        "GLOBAL pruning needs one fraction for all pruned tensors, but "
                                + weights.get(first).name() + " has " + rates[first] + " and "
                                + weights.get(t).name() + " has " + rates[t]
                                + ": use PruningScope.LAYERWISE or give them one fraction.");
            }
        }
    }

    int size() {
        return weights.size();
    }

    WeightTensor weight(int t) {
        return weights.get(t);
    }

    Mask mask(int t) {
        return masks[t];
    }

    /** Whether tensor {@code t} is pruned at all; a tensor with fraction 0 keeps its mask. */
    boolean inScope(int t) {
        return rates[t] > 0;
    }

    long remaining(int t) {
        return remaining[t];
    }

    PruningScope scope() {
        return scope;
    }

    /** The fraction shared by the in-scope tensors in GLOBAL scope, 0 when none is pruned. */
    double globalRate() {
        for (double r : rates) {
            if (r > 0) {
                return r;
            }
        }
        return 0;
    }

    /** The surviving weights of all in-scope tensors together. */
    long remainingInScope() {
        long sum = 0;
        for (int t = 0; t < rates.length; t++) {
            if (inScope(t)) {
                sum += remaining[t];
            }
        }
        return sum;
    }

    /** LAYERWISE: how many weights tensor {@code t} loses. */
    long layerwiseCount(int t) {
        return inScope(t) ? PruningRates.count(rates[t], remaining[t]) : 0;
    }

    /** GLOBAL: how many weights the in-scope tensors lose together. */
    long globalCount() {
        return PruningRates.count(globalRate(), remainingInScope());
    }

    /**
     * Splits a total count over the in-scope tensors in proportion to their surviving weights,
     * by largest remainder: each first gets {@code floor(total * remaining_t / R)}, then the
     * tensors with the largest fractional parts get one more each, earlier tensors first among
     * equal parts. No tensor gets more than it has.
     */
    long[] splitProportionally(long total) {
        int n = rates.length;
        long[] out = new long[n];
        long all = remainingInScope();
        if (all == 0 || total == 0) {
            return out;
        }
        long[] rem = new long[n];
        long given = 0;
        List<Integer> order = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            if (!inScope(t)) {
                continue;
            }
            // total * remaining can pass 2^63 only for absurd sizes, but stay exact anyway.
            long[] qr = mulDiv(total, remaining[t], all);
            out[t] = qr[0];
            rem[t] = qr[1];
            given += qr[0];
            order.add(t);
        }
        order.sort(
                (a, b) -> rem[a] != rem[b] ? Long.compare(rem[b], rem[a]) : Integer.compare(a, b));
        for (int i = 0; given < total; i++) {
            out[order.get(i)]++;
            given++;
        }
        return out;
    }

    private static long[] mulDiv(long a, long b, long c) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if (hi == 0 && lo >= 0) {
            return new long[] {lo / c, lo % c};
        }
        BigInteger[] qr =
                BigInteger.valueOf(a)
                        .multiply(BigInteger.valueOf(b))
                        .divideAndRemainder(BigInteger.valueOf(c));
        return new long[] {qr[0].longValueExact(), qr[1].longValueExact()};
    }

    /**
     * Assembles the result: the tensors of {@code weights} in their order, with {@code
     * newMasks[t]} where set and the current mask otherwise, then any mask of {@code current}
     * whose tensor was not passed, unchanged.
     */
    MaskSet result(Mask[] newMasks) {
        Map<String, Mask> out = new LinkedHashMap<>();
        for (int t = 0; t < masks.length; t++) {
            out.put(weights.get(t).name(), newMasks[t] != null ? newMasks[t] : masks[t]);
        }
        current.asMap().forEach(out::putIfAbsent);
        return MaskSet.of(out);
    }
}

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
 * The checked inputs of one {@link Pruner#prune} call: the current mask and fraction of every
 * tensor, how many weights each removes, and the assembly of the result. Every pruner builds one,
 * so that all of them resolve rates, count and pass untouched masks through the same way; a
 * pruner of one's own only chooses which surviving weights go.
 *
 * <pre>{@code
 * PrunePlan plan = PrunePlan.of(weights, current, rates);
 * Mask[] out = new Mask[plan.size()];
 * for (int t = 0; t < plan.size(); t++) {
 *     long k = plan.layerwiseCount(t); // or a share of plan.globalCount() in GLOBAL scope
 *     if (k > 0) {
 *         out[t] = ...; // plan.mask(t) with k of its surviving weights cleared
 *     }
 * }
 * return plan.result(out);
 * }</pre>
 *
 * <p>Tensors are numbered {@code 0 .. size() - 1} in the order of the weights given to {@link
 * #of}; a method taking a tensor number {@code t} throws {@link IndexOutOfBoundsException} outside
 * that range. Instances are immutable; the weight values are not copied, so do not change them
 * while the plan is in use.
 */
public final class PrunePlan {

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
     * Checks the inputs of a {@code prune} call and resolves the fraction of every tensor.
     *
     * @param weights the prunable tensors, in network order
     * @param current the masks in force now; a tensor without one is treated as dense
     * @param rates the pruner's settings
     * @return the plan
     * @throws IllegalArgumentException on duplicate names, a shape mismatch, or, in GLOBAL scope,
     *     pruned tensors with different fractions
     */
    public static PrunePlan of(List<WeightTensor> weights, MaskSet current, PruningRates rates) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(rates, "rates");
        return new PrunePlan(List.copyOf(weights), current, rates);
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

    /**
     * Returns the number of tensors.
     *
     * @return how many weights were given to {@link #of}
     */
    public int size() {
        return weights.size();
    }

    /**
     * Returns tensor {@code t}.
     *
     * @param t the tensor number
     * @return the weights as given, not copied
     */
    public WeightTensor weight(int t) {
        return weights.get(t);
    }

    /**
     * Returns the mask in force now for tensor {@code t}: its mask in {@code current}, or a dense
     * one when it had none.
     *
     * @param t the tensor number
     * @return the current mask, of the tensor's shape
     */
    public Mask mask(int t) {
        return masks[t];
    }

    /**
     * Returns the fraction of its surviving weights tensor {@code t} loses, as {@link
     * PruningRates#rateFor} resolves it.
     *
     * @param t the tensor number
     * @return a value in [0, 1)
     */
    public double rate(int t) {
        return rates[t];
    }

    /**
     * Returns whether tensor {@code t} is pruned at all; a tensor with fraction 0 (an excluded
     * one, OTHER by default) keeps its mask.
     *
     * @param t the tensor number
     * @return {@code true} when its fraction is above 0
     */
    public boolean inScope(int t) {
        return rates[t] > 0;
    }

    /**
     * Returns how many weights of tensor {@code t} survive now.
     *
     * @param t the tensor number
     * @return the kept count of {@link #mask(int)}
     */
    public long remaining(int t) {
        return remaining[t];
    }

    /**
     * Returns the scope of the rates.
     *
     * @return whether the tensors are pruned one by one or share one budget
     */
    public PruningScope scope() {
        return scope;
    }

    /**
     * Returns the fraction shared by the in-scope tensors, which {@link #of} guarantees in GLOBAL
     * scope.
     *
     * @return that fraction; 0 when no tensor is pruned
     */
    public double globalRate() {
        for (double r : rates) {
            if (r > 0) {
                return r;
            }
        }
        return 0;
    }

    /**
     * Returns the surviving weights of all in-scope tensors together.
     *
     * @return the sum of {@link #remaining(int)} over the tensors {@link #inScope(int)}
     */
    public long remainingInScope() {
        long sum = 0;
        for (int t = 0; t < rates.length; t++) {
            if (inScope(t)) {
                sum += remaining[t];
            }
        }
        return sum;
    }

    /**
     * Returns how many weights tensor {@code t} loses in LAYERWISE scope: {@code Math.round(p_t *
     * remaining_t)}, halves rounded up, see {@link PruningRates#count}.
     *
     * @param t the tensor number
     * @return the count; 0 when the tensor is not in scope
     */
    public long layerwiseCount(int t) {
        return inScope(t) ? PruningRates.count(rates[t], remaining[t]) : 0;
    }

    /**
     * Returns how many weights the in-scope tensors lose together in GLOBAL scope: {@code
     * Math.round(p * R)}, halves rounded up, where {@code R} is {@link #remainingInScope()}. How
     * the count is shared among the tensors is the pruner's choice: one threshold for {@link
     * MagnitudePruner}, {@link #splitProportionally} for {@link RandomPruner}.
     *
     * @return the total count
     */
    public long globalCount() {
        return PruningRates.count(globalRate(), remainingInScope());
    }

    /**
     * Splits a total count over the in-scope tensors in proportion to their surviving weights,
     * by largest remainder: each first gets {@code floor(total * remaining_t / R)}, then the
     * tensors with the largest fractional parts get one more each, earlier tensors first among
     * equal parts. No tensor gets more than it has.
     *
     * @param total how many weights to remove, in [0, {@link #remainingInScope()}]
     * @return the count of every tensor, indexed by tensor number; 0 for tensors not in scope
     * @throws IllegalArgumentException when {@code total} is out of range
     */
    public long[] splitProportionally(long total) {
        int n = rates.length;
        long[] out = new long[n];
        long all = remainingInScope();
        if (total < 0 || total > all) {
            throw new IllegalArgumentException(
                    "Cannot split " + total + " removals over " + all + " surviving weights in"
                            + " scope: ask for between 0 and " + all + ".");
        }
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

    /** Holds a pruner to the contract of {@link Pruner}: masks only shrink. */
    private void checkNested(int t, Mask m) {
        String name = weights.get(t).name();
        if (!Arrays.equals(m.getShape(), masks[t].getShape())) {
            throw new IllegalArgumentException(
                    "The new mask of " + name + " has shape " + Arrays.toString(m.getShape())
                            + " but the tensor has shape " + Arrays.toString(masks[t].getShape())
                            + ": make the mask from the tensor's current one.");
        }
        if (!m.isSubsetOf(masks[t])) {
            throw new IllegalArgumentException(
                    "The new mask of " + name + " keeps weights that its current mask had pruned:"
                            + " a pruner only removes weights, so clear bits of mask(t), never"
                            + " set them.");
        }
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
     *
     * @param newMasks one entry per tensor number: its new mask, or {@code null} to keep the
     *     current one; each must have the tensor's shape and be a subset of {@link #mask(int)}
     * @return the masks to return from {@link Pruner#prune}
     * @throws IllegalArgumentException when the array has the wrong length, or a mask has the
     *     wrong shape or keeps a weight that the current mask had pruned
     */
    public MaskSet result(Mask[] newMasks) {
        Objects.requireNonNull(newMasks, "newMasks");
        if (newMasks.length != masks.length) {
            throw new IllegalArgumentException(
                    "Got " + newMasks.length + " new masks for " + masks.length + " tensors: give"
                            + " one per tensor, null where the mask stays.");
        }
        Map<String, Mask> out = new LinkedHashMap<>();
        for (int t = 0; t < masks.length; t++) {
            Mask m = newMasks[t];
            if (m == null) {
                m = masks[t];
            } else if (m != masks[t]) {
                checkNested(t, m);
            }
            out.put(weights.get(t).name(), m);
        }
        current.asMap().forEach(out::putIfAbsent);
        return MaskSet.of(out);
    }
}

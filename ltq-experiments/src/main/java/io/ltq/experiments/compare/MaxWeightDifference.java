package io.ltq.experiments.compare;

import io.ltq.experiments.UserMistakeException;
import io.ltq.files.Float32Npz;
import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import java.util.Map;

/**
 * The largest absolute difference between two runs' weights, read from their NumPy twins
 * ({@code init.npz}, {@code level_NN/trained.npz}): 0 exactly when every compared weight has the
 * same value. Where masks are given, only weights both masks keep are compared (a pruned weight
 * is 0 in one run and anything in the other, which says nothing about the arithmetic); tensors
 * without a mask, such as biases, are compared whole.
 */
final class MaxWeightDifference {

    private MaxWeightDifference() {}

    /**
     * Compares two sets of tensors of the same network.
     *
     * @param a the first run's tensors
     * @param b the second run's tensors
     * @param maskA the first run's masks, or {@code null} to compare every weight
     * @param maskB the second run's masks, or {@code null}
     * @return max |a − b|, or NaN when a value is NaN
     * @throws UserMistakeException when the tensors' names or shapes differ
     */
    static double of(Map<String, Float32Npz.Tensor> a, Map<String, Float32Npz.Tensor> b,
            MaskSet maskA, MaskSet maskB) {
        if (!a.keySet().equals(b.keySet())) {
            throw new UserMistakeException(
                    "The runs hold different parameters (" + a.keySet() + " and " + b.keySet()
                            + "): compare runs of the same --model.");
        }
        double max = 0;
        for (Map.Entry<String, Float32Npz.Tensor> e : a.entrySet()) {
            float[] x = e.getValue().values();
            float[] y = b.get(e.getKey()).values();
            if (x.length != y.length) {
                throw new UserMistakeException(
                        e.getKey() + " has " + x.length + " weights in one run and " + y.length
                                + " in the other: compare runs of the same --model.");
            }
            long[] both = keptInBoth(e.getKey(), maskA, maskB);
            for (int i = 0; i < x.length; i++) {
                if (both == null || (both[i >>> 6] >>> (i & 63) & 1) != 0) {
                    double d = Math.abs((double) x[i] - y[i]);
                    if (Double.isNaN(d)) {
                        return d;
                    }
                    max = Math.max(max, d);
                }
            }
        }
        return max;
    }

    private static long[] keptInBoth(String name, MaskSet a, MaskSet b) {
        if (a == null || b == null || !a.contains(name) || !b.contains(name)) {
            return null;
        }
        Mask both = a.get(name).and(b.get(name));
        return both.toWords();
    }
}

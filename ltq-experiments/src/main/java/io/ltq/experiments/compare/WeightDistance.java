package io.ltq.experiments.compare;

/**
 * Distances between two weight vectors of the same length: the L2 distance, the L2 distance
 * relative to the second vector's norm, and the cosine similarity.
 *
 * @param l2 ‖a − b‖₂
 * @param relativeL2 ‖a − b‖₂ / ‖b‖₂, or NaN when b is zero
 * @param cosine ⟨a, b⟩ / (‖a‖₂ ‖b‖₂), or NaN when either is zero
 */
public record WeightDistance(double l2, double relativeL2, double cosine) {

    /**
     * Accumulates the distance over several tensors, each passed as a pair of flat arrays.
     * Sums are kept in double precision, so millions of weights do not lose accuracy.
     */
    public static final class Accumulator {

        private double diff;
        private double dot;
        private double normA;
        private double normB;

        /**
         * Adds one tensor.
         *
         * @param a the first vector's values
         * @param b the second vector's values, same length
         */
        public void add(float[] a, float[] b) {
            if (a.length != b.length) {
                throw new IllegalArgumentException(
                        "Tensors of different sizes (" + a.length + " and " + b.length
                                + ") cannot be compared.");
            }
            for (int i = 0; i < a.length; i++) {
                double x = a[i];
                double y = b[i];
                diff += (x - y) * (x - y);
                dot += x * y;
                normA += x * x;
                normB += y * y;
            }
        }

        /**
         * Returns the distance over everything added.
         *
         * @return the distance
         */
        public WeightDistance result() {
            double l2 = Math.sqrt(diff);
            double nb = Math.sqrt(normB);
            double na = Math.sqrt(normA);
            return new WeightDistance(
                    l2, nb == 0 ? Double.NaN : l2 / nb,
                    na == 0 || nb == 0 ? Double.NaN : dot / (na * nb));
        }
    }
}

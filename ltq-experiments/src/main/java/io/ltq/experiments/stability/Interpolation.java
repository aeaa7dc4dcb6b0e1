package io.ltq.experiments.stability;

import io.ltq.experiments.UserMistakeException;

/** The arithmetic of linear mode connectivity: interpolation points and the error barrier. */
public final class Interpolation {

    private Interpolation() {}

    /**
     * Returns evenly spaced interpolation coefficients from 0 to 1, both ends included.
     *
     * @param points how many, at least 2
     * @return the coefficients α
     */
    public static double[] alphas(int points) {
        if (points < 2) {
            throw new UserMistakeException(
                    "An interpolation path needs at least 2 points (its two ends), got " + points
                            + ".");
        }
        double[] out = new double[points];
        for (int i = 0; i < points; i++) {
            out[i] = (double) i / (points - 1);
        }
        return out;
    }

    /**
     * Returns the error barrier of a path: the highest error along it minus the mean of the
     * errors at its two ends (Frankle et al., 2020). Zero or below means the two networks are
     * linearly connected.
     *
     * @param errors the error at each point, the ends first and last
     * @return max(errors) − (errors[0] + errors[last]) / 2
     */
    public static double barrier(double[] errors) {
        if (errors.length < 2) {
            throw new IllegalArgumentException("A barrier needs the errors of at least 2 points.");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double e : errors) {
            max = Math.max(max, e);
        }
        return max - (errors[0] + errors[errors.length - 1]) / 2;
    }
}

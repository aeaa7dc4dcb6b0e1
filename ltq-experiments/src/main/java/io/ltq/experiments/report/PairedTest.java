package io.ltq.experiments.report;

/**
 * Paired differences over seeds (one value per seed, such as a ticket's accuracy minus its own
 * dense network's) with two tests of "the mean difference is 0".
 *
 * <p>The main test is Student's paired t-test, two-sided. It assumes the differences are roughly
 * normal, but it is the only common test that can reach p &lt; 0.05 with the three to five seeds
 * lottery-ticket papers run: the exact sign test cannot go below p = 0.25 with three seeds or
 * 0.0625 with five, and Wilcoxon's signed-rank test not below 0.25 and 0.0625 either. The sign
 * test is given beside it as the check that assumes nothing about the differences' shape.
 *
 * @param differences the per-seed differences, in the runs' order
 * @param mean their mean
 * @param min the smallest
 * @param max the largest
 * @param t the t statistic, mean / (standard deviation / √n); infinite when every difference is
 *     the same nonzero value, NaN with fewer than two seeds or all differences 0
 * @param p the t-test's two-sided p-value; NaN with fewer than two seeds
 * @param positive seeds with a difference above 0
 * @param negative seeds with a difference below 0
 * @param signP the exact two-sided sign test's p-value over the nonzero differences
 */
public record PairedTest(
        double[] differences,
        double mean,
        double min,
        double max,
        double t,
        double p,
        int positive,
        int negative,
        double signP) {

    /**
     * Tests paired differences.
     *
     * @param differences one difference per seed, at least one
     * @return the test
     */
    public static PairedTest of(double... differences) {
        Stat s = Stat.of(differences);
        int n = differences.length;
        int positive = 0;
        int negative = 0;
        double squares = 0;
        for (double d : differences) {
            positive += d > 0 ? 1 : 0;
            negative += d < 0 ? 1 : 0;
            squares += (d - s.mean()) * (d - s.mean());
        }
        double t = Double.NaN;
        double p = Double.NaN;
        if (n >= 2) {
            double sd = Math.sqrt(squares / (n - 1));
            if (sd > 0) {
                t = s.mean() / (sd / Math.sqrt(n));
                p = twoSidedStudentP(Math.abs(t), n - 1);
            } else {
                // Every seed gave the same difference: no noise around a nonzero mean.
                t = s.mean() == 0 ? Double.NaN : Math.copySign(Double.POSITIVE_INFINITY,
                        s.mean());
                p = s.mean() == 0 ? 1 : 0;
            }
        }
        return new PairedTest(differences.clone(), s.mean(), s.min(), s.max(), t, p, positive,
                negative, signTestP(positive, negative));
    }

    /** Returns how many seeds were paired. */
    public int count() {
        return differences.length;
    }

    /**
     * P(|T| ≥ t) for Student's t with an integer number of degrees of freedom, from the closed
     * forms of Abramowitz &amp; Stegun 26.7.3–4: with θ = atan(t/√ν), P(|T| &lt; t) is a finite
     * series in sin θ and cos θ, so no incomplete beta function is needed.
     */
    static double twoSidedStudentP(double t, int df) {
        if (Double.isInfinite(t)) {
            return 0;
        }
        double theta = Math.atan(t / Math.sqrt(df));
        double sin = Math.sin(theta);
        double cos = Math.cos(theta);
        double inside;
        if (df % 2 == 1) {
            double sum = 0;
            double term = cos;
            for (int k = 3; k <= df; k += 2) {
                sum += term;
                term *= cos * cos * (k - 1) / k;
            }
            inside = 2 / Math.PI * (theta + sin * sum);
        } else {
            double sum = 0;
            double term = 1;
            for (int k = 2; k <= df; k += 2) {
                sum += term;
                term *= cos * cos * (k - 1) / k;
            }
            inside = sin * sum;
        }
        return Math.min(1, Math.max(0, 1 - inside));
    }

    /** Exact two-sided sign test: twice the smaller binomial tail at one half, at most 1. */
    static double signTestP(int positive, int negative) {
        int n = positive + negative;
        if (n == 0) {
            return 1;
        }
        int k = Math.min(positive, negative);
        double tail = 0;
        double choose = 1;
        for (int i = 0; i <= k; i++) {
            tail += choose;
            choose = choose * (n - i) / (i + 1);
        }
        return Math.min(1, 2 * tail / Math.pow(2, n));
    }
}

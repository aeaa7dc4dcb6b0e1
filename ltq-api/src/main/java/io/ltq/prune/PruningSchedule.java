package io.ltq.prune;

/**
 * Arithmetic of iterative pruning: removing a fraction {@code p} of the surviving weights per
 * round leaves a density of {@code (1 - p)^n} after {@code n} rounds.
 *
 * <p>These are the ideal densities; the pruners round each tensor's count to a whole number of
 * weights, so real densities differ by less than one weight per tensor and round.
 */
public final class PruningSchedule {

    /** Relative slack for floating-point error, so that 0.5^2 counts as reaching 0.25. */
    private static final double EPSILON = 1e-9;

    private PruningSchedule() {}

    /**
     * Returns the fewest rounds after which the density is at most the target: the smallest
     * {@code n} with {@code (1 - p)^n <= targetDensity}. For example 0.2 per round takes 21 rounds
     * to reach 1% (0.8^20 is 1.15%, 0.8^21 is 0.92%).
     *
     * @param targetDensity the share of weights to keep, in (0, 1]
     * @param fractionPerRound the share of surviving weights removed per round, in [0, 1); 0 only
     *     when the target is 1
     * @return the number of rounds, 0 when the target is 1
     * @throws IllegalArgumentException on a value outside its range, or a fraction of 0 with a
     *     target below 1
     */
    public static int roundsToReach(double targetDensity, double fractionPerRound) {
        checkDensity(targetDensity);
        checkFraction(fractionPerRound);
        if (targetDensity >= 1) {
            return 0;
        }
        if (fractionPerRound == 0) {
            throw new IllegalArgumentException(
                    "A pruning fraction of 0 never reaches density " + targetDensity
                            + ": give a fraction above 0, e.g. 0.2.");
        }
        double keep = 1 - fractionPerRound;
        int n = (int) Math.ceil(Math.log(targetDensity) / Math.log(keep) - EPSILON);
        // The logarithms can be off by an ulp; settle on the exact smallest n.
        while (Math.pow(keep, n) > targetDensity * (1 + EPSILON)) {
            n++;
        }
        while (n > 0 && Math.pow(keep, n - 1) <= targetDensity * (1 + EPSILON)) {
            n--;
        }
        return n;
    }

    /**
     * Returns the fraction per round that reaches a density in exactly the given number of
     * rounds: {@code 1 - targetDensity^(1 / rounds)}.
     *
     * @param targetDensity the share of weights to keep, in (0, 1]
     * @param rounds the number of rounds, at least 1
     * @return the fraction of surviving weights to remove per round, in [0, 1)
     * @throws IllegalArgumentException on a value outside its range
     */
    public static double fractionPerRound(double targetDensity, int rounds) {
        checkDensity(targetDensity);
        if (rounds < 1) {
            throw new IllegalArgumentException(
                    "Number of rounds " + rounds + " is below 1: prune at least once.");
        }
        return 1 - Math.pow(targetDensity, 1.0 / rounds);
    }

    /**
     * Returns the density after a number of rounds: {@code (1 - p)^rounds}.
     *
     * @param rounds the number of rounds, 0 or more (0 gives 1.0)
     * @param fractionPerRound the share of surviving weights removed per round, in [0, 1)
     * @return the share of weights kept
     * @throws IllegalArgumentException on a value outside its range
     */
    public static double densityAfter(int rounds, double fractionPerRound) {
        checkRounds(rounds);
        checkFraction(fractionPerRound);
        return Math.pow(1 - fractionPerRound, rounds);
    }

    /**
     * Returns the density of every level from the dense network (level 0) to level {@code
     * rounds}.
     *
     * @param rounds the last level, 0 or more
     * @param fractionPerRound the share of surviving weights removed per round, in [0, 1)
     * @return {@code rounds + 1} densities, the first 1.0
     * @throws IllegalArgumentException on a value outside its range
     */
    public static double[] densities(int rounds, double fractionPerRound) {
        checkRounds(rounds);
        checkFraction(fractionPerRound);
        double[] out = new double[rounds + 1];
        for (int i = 0; i <= rounds; i++) {
            // pow rather than repeated products, so each level matches densityAfter exactly.
            out[i] = Math.pow(1 - fractionPerRound, i);
        }
        return out;
    }

    private static void checkDensity(double d) {
        if (!(d > 0 && d <= 1)) {
            throw new IllegalArgumentException(
                    "Target density " + d + " is outside (0, 1]: give the share of weights to keep,"
                            + " e.g. 0.01 for 1%.");
        }
    }

    private static void checkFraction(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(
                    "Pruning fraction " + p + " is outside [0, 1): give the share of the remaining"
                            + " weights to remove per round, e.g. 0.2.");
        }
    }

    private static void checkRounds(int rounds) {
        if (rounds < 0) {
            throw new IllegalArgumentException(
                    "Number of rounds " + rounds + " is negative: give 0 or more.");
        }
    }
}

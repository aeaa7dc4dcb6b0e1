package io.ltq.experiments.lottery;

/**
 * Liu et al.'s (2019) controls of a structured ticket: its compact architecture (the ticket's
 * widths) from a fresh initialization at the compact network's own fan-in, trained from step 0.
 * {@code scratch_e} trains for the run's iterations; {@code scratch_b} for the same computation,
 * iterations × FLOPs(dense) / FLOPs(ticket), at most {@code --scratch-cap} times the iterations.
 * The learning-rate schedule keeps its steps (it is not stretched for Scratch-B).
 */
public final class ScratchControl implements Control {

    /**
     * The stride of its seeds: level L initializes from {@code initSeed + 15485863·L} (Scratch-E)
     * or that plus 1 (Scratch-B), a prime far from the other controls' strides.
     */
    public static final long SEED_STRIDE = 15485863L;

    private final boolean sameBudget;

    private ScratchControl(boolean sameBudget) {
        this.sameBudget = sameBudget;
    }

    /**
     * Returns Scratch-E: the run's iterations.
     *
     * @return the control named {@code scratch_e}
     */
    public static ScratchControl sameEpochs() {
        return new ScratchControl(false);
    }

    /**
     * Returns Scratch-B: the dense network's computation.
     *
     * @return the control named {@code scratch_b}
     */
    public static ScratchControl sameBudget() {
        return new ScratchControl(true);
    }

    @Override
    public String name() {
        return sameBudget ? "scratch_b" : "scratch_e";
    }

    @Override
    public Start prepare(Context context) {
        if (!context.isStructured()) {
            throw new InvalidSettingException("{controls} " + name() + " trains a compact"
                    + " architecture from scratch, which only a structured run has: add"
                    + " {structure} neurons or channels.");
        }
        long iterations = context.config().training().iterations();
        if (sameBudget) {
            double cap = context.config().structure().scratchBudgetCap();
            iterations = Math.round(iterations * Math.min(cap, context.flopsRatio()));
        }
        long seed = context.seed(SEED_STRIDE) + (sameBudget ? 1 : 0);
        return Start.fromScratch(context.ticketMasks(), seed, iterations);
    }
}

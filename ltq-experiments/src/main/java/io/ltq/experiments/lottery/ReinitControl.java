package io.ltq.experiments.lottery;

/**
 * The random-reinitialization control: the ticket's mask, trained from a fresh random θ0′ drawn
 * by the network's initializer from LTQ's own streams, step 0.
 */
public final class ReinitControl implements Control {

    /**
     * The stride of its seeds: level L draws θ0′ from {@code initSeed + 7919·L}. A prime above any
     * init seed in use, so no level of one run repeats another run's θ0 or another level's θ0′.
     */
    public static final long SEED_STRIDE = 7919L;

    /** Creates the control. */
    public ReinitControl() {}

    @Override
    public String name() {
        return Variant.REINIT.name();
    }

    @Override
    public Start prepare(Context context) {
        context.ticket().setMasks(context.ticketMasks());
        context.ticket().reinitialize(context.seed(SEED_STRIDE));
        return new Start(context.ticketMasks(), 0);
    }
}

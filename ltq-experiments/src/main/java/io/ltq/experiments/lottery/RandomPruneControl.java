package io.ltq.experiments.lottery;

import io.ltq.mask.MaskSet;
import io.ltq.prune.RandomPruner;
import io.ltq.prune.structured.UnitSelection;
import java.util.Map;

/**
 * The random-pruning control: a random mask with the ticket's per-layer counts, the survivors
 * rewound to θk like the ticket's. In a structured run it draws whole units at the ticket's
 * widths (random structured pruning).
 */
public final class RandomPruneControl implements Control {

    /**
     * The stride of its seeds: level L draws its mask from {@code initSeed + 104729·L}, a prime
     * far from {@link ReinitControl#SEED_STRIDE}'s multiples, so the two controls share no stream.
     */
    public static final long SEED_STRIDE = 104729L;

    /** Creates the control. */
    public RandomPruneControl() {}

    @Override
    public String name() {
        return Variant.RANDOM_PRUNE.name();
    }

    @Override
    public Start prepare(Context context) {
        MaskSet masks;
        if (context.isStructured()) {
            Map<String, long[]> shapes = context.ticket().getParameters().shapes();
            Map<String, Integer> widths = UnitSelection.ofMasks(context.units(), shapes,
                    context.ticketMasks()).widths();
            masks = UnitSelection.random(context.units(), widths, context.seed(SEED_STRIDE))
                    .toMasks(shapes);
        } else {
            masks = RandomPruner.sameCounts(context.ticketMasks(), context.seed(SEED_STRIDE));
        }
        context.ticket().setMasks(masks);
        context.ticket().rewind();
        return new Start(masks, context.rewindStep());
    }
}

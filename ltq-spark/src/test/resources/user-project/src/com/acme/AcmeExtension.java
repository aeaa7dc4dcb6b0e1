package com.acme;

import io.ltq.experiments.catalog.LtqExtension;
import io.ltq.experiments.lottery.Control;
import io.ltq.experiments.lottery.PruningSettings;
import io.ltq.experiments.lottery.PruningStrategy;
import io.ltq.mask.MaskSet;
import io.ltq.prune.LayerKind;
import io.ltq.prune.Pruner;
import io.ltq.prune.RandomPruner;
import java.util.List;

/** What the acme jar adds to LTQ: the {@code acme-l1} pruner, the {@code acme_scramble} control. */
public final class AcmeExtension implements LtqExtension {

    /** Created by ServiceLoader. */
    public AcmeExtension() {}

    @Override
    public List<PruningStrategy> pruners() {
        return List.of(new PruningStrategy() {
            @Override
            public String name() {
                return "acme-l1";
            }

            @Override
            public Pruner newPruner(PruningSettings settings) {
                return AcmeL1Pruner.builder()
                        .optFraction(LayerKind.DENSE, settings.pruneDense())
                        .optFraction(LayerKind.CONV, settings.pruneConv())
                        .optFraction(LayerKind.OUTPUT, settings.pruneOutput())
                        .optScope(settings.scope())
                        .build();
            }
        });
    }

    @Override
    public List<Control> controls() {
        return List.of(new Scramble());
    }

    /** Both controls at once: a random mask of the ticket's counts and fresh weights. */
    static final class Scramble implements Control {

        @Override
        public String name() {
            return "acme_scramble";
        }

        @Override
        public Start prepare(Context context) {
            MaskSet masks = RandomPruner.sameCounts(context.ticketMasks(),
                    context.seed(7_919_003L));
            context.ticket().setMasks(masks);
            context.ticket().reinitialize(context.seed(15_485_863L));
            return new Start(masks, 0);
        }
    }
}

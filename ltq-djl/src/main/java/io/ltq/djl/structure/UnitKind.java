package io.ltq.djl.structure;

import java.util.Locale;

/** What a structured ticket prunes whole: the neurons of Linear layers or the channels of convolutions. */
public enum UnitKind {
    /** The output neurons of hidden {@code Linear} layers. */
    NEURONS,
    /** The filters (output channels) of {@code Conv2d} layers. */
    CHANNELS;

    /**
     * Returns the name in messages and on the command line.
     *
     * @return {@code neurons} or {@code channels}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

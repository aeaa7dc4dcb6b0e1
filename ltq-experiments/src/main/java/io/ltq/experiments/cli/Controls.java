package io.ltq.experiments.cli;

import java.util.List;
import java.util.Locale;

/**
 * The controls a run trains beside the tickets, parsed from {@code --controls}.
 *
 * @param reinit the random-reinitialization control
 * @param randomPrune the random-pruning control
 */
record Controls(boolean reinit, boolean randomPrune) {

    static Controls parse(List<String> names) {
        boolean reinit = false;
        boolean random = false;
        for (String raw : names) {
            switch (raw.trim().toLowerCase(Locale.ROOT)) {
                case "reinit" -> reinit = true;
                case "random-prune", "random_prune" -> random = true;
                case "both" -> {
                    reinit = true;
                    random = true;
                }
                case "none" -> { }
                default -> throw new IllegalArgumentException(
                        "Unknown control " + raw + " in --controls: use reinit, random-prune,"
                                + " both or none.");
            }
        }
        return new Controls(reinit, random);
    }
}

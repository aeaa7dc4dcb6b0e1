package io.ltq.experiments.lottery;

import java.util.Locale;
import java.util.Objects;

/**
 * What one training of a level is: the winning ticket itself, or one of the controls trained on
 * its mask. The name is the folder below {@code level_NN/} (the ticket's files sit in {@code
 * level_NN/} itself) and the {@code variant} of {@code summary.json}.
 *
 * @param name {@code ticket}, or a control's {@link Control#name()}
 */
public record Variant(String name) {

    /** The winning-ticket lineage. */
    public static final Variant TICKET = new Variant("ticket");

    /** The bundled random-reinitialization control's variant. */
    public static final Variant REINIT = new Variant("reinit");

    /** The bundled random-pruning control's variant. */
    public static final Variant RANDOM_PRUNE = new Variant("random_prune");

    /**
     * Checks the name: a folder name of lower-case letters, digits and underscores.
     *
     * @param name the name
     */
    public Variant {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("A variant is named by a folder name of"
                    + " lower-case letters, digits and underscores, not '" + name + "'.");
        }
    }

    /**
     * Returns the variant of a control as {@link PruningSettings#controls()} records it: its
     * name, or for a control given by class name the class's simple name in snake case ({@code
     * com.acme.ShuffledMask} trains in {@code level_NN/shuffled_mask/}).
     *
     * @param key a control's name or class name
     * @return the variant
     */
    public static Variant ofControl(String key) {
        int dot = key.lastIndexOf('.');
        if (dot < 0) {
            return new Variant(key);
        }
        String simple = key.substring(dot + 1).replace('$', '_');
        return new Variant(simple.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT));
    }

    /**
     * Returns whether this is the ticket rather than a control.
     *
     * @return {@code true} for {@link #TICKET}
     */
    public boolean isTicket() {
        return equals(TICKET);
    }

    /**
     * Returns how reports call the variant: the papers' names for the bundled ones, the name with
     * spaces for others.
     *
     * @return e.g. {@code winning ticket}, {@code random reinit}
     */
    public String label() {
        if (isTicket()) {
            return "winning ticket";
        } else if (equals(REINIT)) {
            return "random reinit";
        } else if (equals(RANDOM_PRUNE)) {
            return "random pruning";
        } else if (name.equals("scratch_e") || name.equals("scratch_b")) {
            return "Scratch-" + name.substring(8).toUpperCase(Locale.ROOT);
        }
        return name.replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name;
    }
}

package io.ltq.experiments.cli;

import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.lottery.PruningSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The controls of {@code --controls}, as the keys {@code run.json} records. */
final class Controls {

    private Controls() {}

    /**
     * Parses {@code --controls}: {@code both}, {@code none}, or controls by name or class name.
     * Registered controls come in the catalog's order and class names after them, so the order
     * they are given in changes nothing.
     *
     * @param names the values given
     * @param catalog where controls are looked up
     * @return the controls' keys, in training order
     */
    static List<String> parse(List<String> names, Catalog catalog) {
        Set<String> keys = new LinkedHashSet<>();
        for (String raw : names) {
            switch (raw.trim().toLowerCase(Locale.ROOT)) {
                case "both" -> keys.addAll(PruningSettings.BOTH_CONTROLS);
                case "none" -> { }
                default -> keys.add(catalog.controlKey(raw.trim()));
            }
        }
        List<String> out = new ArrayList<>();
        for (Catalog.Entry<?> e : catalog.listing().controls()) {
            if (keys.remove(e.name())) {
                out.add(e.name());
            }
        }
        out.addAll(keys);
        return out;
    }
}

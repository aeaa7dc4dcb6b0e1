package io.ltq.spark.grid;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;

/**
 * Names run folders after what sets each run apart: {@code seed-3_rewind-500} for the values of
 * the varied options, in the grid's order; {@code run} for a grid of one. Characters that do not
 * belong in a file name become dashes. A name already taken gets a number ({@code -2}).
 */
final class RunNames {

    private final Map<String, Integer> used = new HashMap<>();

    /**
     * Returns the name of the next run.
     *
     * @param varied the option name (with its dashes) and value of each varied option
     * @return a name no earlier call returned
     */
    String next(List<Entry<String, String>> varied) {
        StringBuilder name = new StringBuilder();
        for (Entry<String, String> e : varied) {
            if (name.length() > 0) {
                name.append('_');
            }
            name.append(e.getKey().replaceFirst("^-+", "")).append('-').append(safe(e.getValue()));
        }
        String base = name.length() == 0 ? "run" : name.toString();
        int n = used.merge(base.toLowerCase(Locale.ROOT), 1, Integer::sum);
        return n == 1 ? base : base + "-" + n;
    }

    /** A value as a file name part: letters, digits, dots, plus signs and single dashes. */
    static String safe(String value) {
        String s = value.replaceAll("[^A-Za-z0-9.+-]+", "-").replaceAll("-{2,}", "-")
                .replaceAll("^-|-$", "");
        return s.isEmpty() ? "x" : s;
    }
}

package io.ltq.experiments.cli;

import java.util.Locale;

/**
 * Writes durations for people, as {@code ltq} prints them: {@code 42s}, {@code 3m07s}, {@code
 * 2h05m}.
 */
public final class Durations {

    private Durations() {}

    /**
     * Formats a duration.
     *
     * @param seconds the duration
     * @return e.g. {@code 3m07s}
     */
    public static String format(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}

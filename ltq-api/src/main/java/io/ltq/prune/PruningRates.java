package io.ltq.prune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The pruning settings shared by {@link MagnitudePruner} and {@link RandomPruner}: which fraction
 * of its surviving weights each tensor loses, and the scope. Immutable once built.
 *
 * <p>The fraction of a tensor is, from the highest priority down: the last {@code
 * optFraction(regex, p)} or {@code optExclude(regex)} whose regex fully matches its parameter
 * path, the fraction set for its {@link LayerKind}, the overall fraction (DENSE, CONV and OUTPUT
 * only; OTHER defaults to 0).
 */
final class PruningRates {

    /** The overall fraction when none is given, the paper's rate for fully connected layers. */
    static final double DEFAULT_FRACTION = 0.2;

    private final double fraction;
    private final Map<LayerKind, Double> kindRates;
    private final List<NameRate> nameRates;
    private final PruningScope scope;

    private PruningRates(Builder b) {
        this.fraction = b.fraction;
        this.kindRates = Collections.unmodifiableMap(new EnumMap<>(b.kindRates));
        List<NameRate> names = new ArrayList<>();
        for (RawNameRate r : b.nameRates) {
            Pattern p;
            try {
                p = Pattern.compile(r.regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "Parameter name pattern '" + r.regex + "' is not a valid regular"
                                + " expression (" + e.getDescription() + "): fix the pattern.",
                        e);
            }
            names.add(new NameRate(r.regex, p, r.rate, r.exclude));
        }
        this.nameRates = List.copyOf(names);
        this.scope = b.scope;
    }

    /**
     * Returns the fraction of the surviving weights to remove from a tensor.
     *
     * @param name the parameter path
     * @param kind the layer kind
     * @return a value in [0, 1); 0 means the tensor is not pruned
     */
    double rateFor(String name, LayerKind kind) {
        // Walk backwards so that the last matching pattern wins, like a later setter call.
        for (int i = nameRates.size() - 1; i >= 0; i--) {
            NameRate r = nameRates.get(i);
            if (r.pattern.matcher(name).matches()) {
                return r.rate;
            }
        }
        Double k = kindRates.get(kind);
        if (k != null) {
            return k;
        }
        return kind == LayerKind.OTHER ? 0.0 : fraction;
    }

    PruningScope scope() {
        return scope;
    }

    /**
     * Returns how many of {@code remaining} weights a fraction removes: {@code Math.round(p *
     * remaining)}, halves rounded up, never more than {@code remaining}.
     */
    static long count(double p, long remaining) {
        return Math.min(remaining, Math.round(p * remaining));
    }

    /** Describes the settings, for the pruners' {@code toString}. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("scope=").append(scope).append(", fraction=").append(fmt(fraction));
        kindRates.forEach((k, v) -> sb.append(", ").append(k).append('=').append(fmt(v)));
        for (NameRate r : nameRates) {
            sb.append(r.exclude ? ", exclude '" : ", '").append(r.regex).append('\'');
            if (!r.exclude) {
                sb.append('=').append(fmt(r.rate));
            }
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }

    private static void check(double p, String what) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(
                    "Pruning fraction " + p + " for " + what + " is outside [0, 1): give the share"
                            + " of the remaining weights to remove, e.g. 0.2.");
        }
    }

    private record RawNameRate(String regex, double rate, boolean exclude) {}

    private record NameRate(String regex, Pattern pattern, double rate, boolean exclude) {}

    /** Collects the settings; the pruners' builders delegate to it. Not thread-safe. */
    static final class Builder {

        private double fraction = DEFAULT_FRACTION;
        private final Map<LayerKind, Double> kindRates = new EnumMap<>(LayerKind.class);
        private final List<RawNameRate> nameRates = new ArrayList<>();
        private PruningScope scope = PruningScope.LAYERWISE;

        void fraction(double p) {
            fraction = p;
        }

        void fraction(LayerKind kind, double p) {
            kindRates.put(Objects.requireNonNull(kind, "kind"), p);
        }

        void fraction(String nameRegex, double p) {
            nameRates.add(
                    new RawNameRate(Objects.requireNonNull(nameRegex, "nameRegex"), p, false));
        }

        void exclude(String nameRegex) {
            nameRates.add(
                    new RawNameRate(Objects.requireNonNull(nameRegex, "nameRegex"), 0, true));
        }

        void scope(PruningScope s) {
            scope = Objects.requireNonNull(s, "scope");
        }

        /** Validates every fraction and pattern, then freezes the settings. */
        PruningRates build() {
            // Check at build time so that a bad value fails before any training is spent.
            check(fraction, "DENSE, CONV and OUTPUT layers");
            kindRates.forEach((k, v) -> check(v, k.toString()));
            for (RawNameRate r : nameRates) {
                check(r.rate, "parameters matching '" + r.regex + "'");
            }
            return new PruningRates(this);
        }
    }
}

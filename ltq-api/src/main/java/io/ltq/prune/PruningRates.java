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
 * The pruning settings of a pruner: which fraction of its surviving weights each tensor loses, and
 * the scope. Immutable and thread-safe.
 *
 * <p>The fraction of a tensor is, from the highest priority down: the last {@code
 * optFraction(regex, p)} or {@code optExclude(regex)} whose regex fully matches its parameter
 * path, the fraction set for its {@link LayerKind}, the overall fraction (DENSE, CONV and OUTPUT
 * only; OTHER defaults to 0).
 *
 * <p>A pruner's builder gets an instance from {@link PrunerBuilder#rates()}; anyone else from
 * {@link #builder()}, which has the same options. {@link PrunePlan#of} resolves the fraction of
 * every tensor of a {@code prune} call from it.
 */
public final class PruningRates {

    /** The overall fraction when none is given, the paper's rate for fully connected layers. */
    public static final double DEFAULT_FRACTION = 0.2;

    private final double fraction;
    private final Map<LayerKind, Double> kindRates;
    private final List<NameRate> nameRates;
    private final PruningScope scope;

    /** Validates every fraction and pattern, then copies the settings of a builder. */
    PruningRates(
            double fraction,
            Map<LayerKind, Double> kindRates,
            List<RawNameRate> rawNameRates,
            PruningScope scope) {
        // Check when building so that a bad value fails before any training is spent; fractions
        // first, then patterns.
        check(fraction, "DENSE, CONV and OUTPUT layers");
        kindRates.forEach((k, v) -> check(v, k.toString()));
        for (RawNameRate r : rawNameRates) {
            check(r.rate, "parameters matching '" + r.regex + "'");
        }
        this.fraction = fraction;
        this.kindRates = Collections.unmodifiableMap(new EnumMap<>(kindRates));
        List<NameRate> names = new ArrayList<>();
        for (RawNameRate r : rawNameRates) {
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
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    /**
     * Returns a builder with the defaults: fraction 0.2 for DENSE, CONV and OUTPUT tensors, 0 for
     * OTHER, LAYERWISE scope.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the fraction of the surviving weights to remove from a tensor.
     *
     * @param name the parameter path
     * @param kind the layer kind
     * @return a value in [0, 1); 0 means the tensor is not pruned
     */
    public double rateFor(String name, LayerKind kind) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
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

    /**
     * Returns whether each tensor is pruned on its own or all share one budget.
     *
     * @return the scope
     */
    public PruningScope scope() {
        return scope;
    }

    /**
     * Returns how many of {@code remaining} weights a fraction removes: {@code Math.round(p *
     * remaining)}, halves rounded up (0.2 of 7 removes 1, 0.5 of 5 removes 3), never more than
     * {@code remaining}. Every pruner counts this way, so pruners with the same rates remove the
     * same number of weights.
     *
     * @param p a fraction in [0, 1)
     * @param remaining how many weights survive, at least 0
     * @return how many of them to remove
     * @throws IllegalArgumentException when {@code p} or {@code remaining} is out of range
     */
    public static long count(double p, long remaining) {
        if (!(p >= 0 && p < 1) || remaining < 0) {
            throw new IllegalArgumentException(
                    "Cannot remove a fraction " + p + " of " + remaining + " weights: the fraction"
                            + " must lie in [0, 1) and the count be at least 0.");
        }
        return Math.min(remaining, Math.round(p * remaining));
    }

    /**
     * Describes the settings, for a pruner's {@code toString}.
     *
     * @return for example {@code scope=LAYERWISE, fraction=0.2, OUTPUT=0.1, exclude 'bias'}
     */
    public String describe() {
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

    /**
     * Describes the settings.
     *
     * @return for example {@code PruningRates[scope=LAYERWISE, fraction=0.2]}
     */
    @Override
    public String toString() {
        return "PruningRates[" + describe() + "]";
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

    /** A name rule as given to a builder, checked and compiled only when the rates are built. */
    record RawNameRate(String regex, double rate, boolean exclude) {}

    private record NameRate(String regex, Pattern pattern, double rate, boolean exclude) {}

    /**
     * Configures a {@link PruningRates} outside any pruner, for example to resolve the fractions a
     * pruner would use, or to build a {@link PrunePlan} directly. Not thread-safe.
     */
    public static final class Builder extends PrunerBuilder<Builder> {

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the rates.
         *
         * @return the rates
         * @throws IllegalArgumentException when a fraction is outside [0, 1) or a pattern is not a
         *     valid regular expression
         */
        public PruningRates build() {
            return rates();
        }
    }
}

package io.ltq.prune;

/**
 * What the builders of {@link MagnitudePruner} and {@link RandomPruner} share: the fraction of
 * the surviving weights each tensor loses per round (overall, per {@link LayerKind}, per
 * parameter name) and the {@link PruningScope}. Subclassed only in this package.
 *
 * @param <T> the concrete builder, returned by every method for chaining
 */
public abstract class PrunerBuilder<T extends PrunerBuilder<T>> {

    final PruningRates.Builder rates = new PruningRates.Builder();

    PrunerBuilder() {}

    /** Returns this builder as its concrete type. */
    abstract T self();

    /**
     * Sets the fraction of the surviving weights that every DENSE, CONV and OUTPUT tensor loses
     * per round, unless a kind or name override applies. OTHER tensors are not affected.
     *
     * @param p a value in [0, 1); default 0.2
     * @return this builder
     */
    public T optFraction(double p) {
        rates.fraction(p);
        return self();
    }

    /**
     * Sets the fraction for one kind of layer, for example half the rate for {@link
     * LayerKind#OUTPUT} as in the paper. Overrides {@link #optFraction(double)} whatever the call
     * order. {@link LayerKind#OTHER} is only pruned when given a fraction here or by name.
     *
     * @param kind the layer kind
     * @param p a value in [0, 1); 0 leaves that kind unpruned
     * @return this builder
     */
    public T optFraction(LayerKind kind, double p) {
        rates.fraction(kind, p);
        return self();
    }

    /**
     * Sets the fraction for the tensors whose parameter path fully matches a regular expression
     * ({@link java.util.regex.Matcher#matches()}). Name rules take priority over kind and overall
     * fractions; when several match, the one added last wins.
     *
     * @param nameRegex a {@link java.util.regex.Pattern} for the parameter path
     * @param p a value in [0, 1); 0 leaves those tensors unpruned
     * @return this builder
     */
    public T optFraction(String nameRegex, double p) {
        rates.fraction(nameRegex, p);
        return self();
    }

    /**
     * Never prunes the tensors whose parameter path fully matches a regular expression: the same
     * as {@code optFraction(nameRegex, 0)}. Their masks are passed through unchanged.
     *
     * @param nameRegex a {@link java.util.regex.Pattern} for the parameter path
     * @return this builder
     */
    public T optExclude(String nameRegex) {
        rates.exclude(nameRegex);
        return self();
    }

    /**
     * Sets whether each tensor is pruned on its own or all share one budget: one magnitude
     * threshold for {@link MagnitudePruner}, one total count split over the tensors for {@link
     * RandomPruner}.
     *
     * @param scope the scope; default {@link PruningScope#LAYERWISE}
     * @return this builder
     */
    public T optScope(PruningScope scope) {
        rates.scope(scope);
        return self();
    }
}

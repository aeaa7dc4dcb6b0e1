package io.ltq.prune;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The options every pruner's builder shares: the fraction of the surviving weights each tensor
 * loses per round (overall, per {@link LayerKind}, per parameter name) and the {@link
 * PruningScope}. {@link MagnitudePruner.Builder}, {@link RandomPruner.Builder}, {@link
 * PruningRates.Builder} and {@link io.ltq.prune.structured.StructuredPruner.Builder} extend it.
 *
 * <p>To give a pruner of one's own, in any package, the same options, extend this class, return
 * {@code this} from {@link #self()}, and pass {@link #rates()} to the pruner when building it:
 *
 * <pre>{@code
 * public static final class Builder extends PrunerBuilder<Builder> {
 *     protected Builder self() {
 *         return this;
 *     }
 *
 *     public MyPruner build() {
 *         return new MyPruner(rates());
 *     }
 * }
 * }</pre>
 *
 * Not thread-safe.
 *
 * @param <T> the concrete builder, returned by every method for chaining
 */
public abstract class PrunerBuilder<T extends PrunerBuilder<T>> {

    private double fraction = PruningRates.DEFAULT_FRACTION;
    private final Map<LayerKind, Double> kindRates = new EnumMap<>(LayerKind.class);
    private final List<PruningRates.RawNameRate> nameRates = new ArrayList<>();
    private PruningScope scope = PruningScope.LAYERWISE;

    /** Starts with the defaults: fraction 0.2 for DENSE, CONV and OUTPUT, LAYERWISE scope. */
    protected PrunerBuilder() {}

    /**
     * Returns this builder as its concrete type; implementations return {@code this}.
     *
     * @return this builder
     */
    protected abstract T self();

    /**
     * Validates the options set so far and freezes them. Each call returns a new instance, so
     * later changes to this builder do not reach pruners built earlier.
     *
     * @return the rates, to hand to the pruner being built
     * @throws IllegalArgumentException when a fraction is outside [0, 1) or a pattern is not a
     *     valid regular expression
     */
    protected PruningRates rates() {
        return new PruningRates(fraction, kindRates, nameRates, scope);
    }

    /**
     * Sets the fraction of the surviving weights that every DENSE, CONV and OUTPUT tensor loses
     * per round, unless a kind or name override applies. OTHER tensors are not affected.
     *
     * @param p a value in [0, 1); default 0.2
     * @return this builder
     */
    public T optFraction(double p) {
        fraction = p;
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
        kindRates.put(Objects.requireNonNull(kind, "kind"), p);
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
        nameRates.add(
                new PruningRates.RawNameRate(
                        Objects.requireNonNull(nameRegex, "nameRegex"), p, false));
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
        nameRates.add(
                new PruningRates.RawNameRate(
                        Objects.requireNonNull(nameRegex, "nameRegex"), 0, true));
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
        this.scope = Objects.requireNonNull(scope, "scope");
        return self();
    }
}

package io.ltq.prune.structured;

import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import io.ltq.prune.LayerKind;
import io.ltq.prune.Pruner;
import io.ltq.prune.PrunerBuilder;
import io.ltq.prune.PruningRates;
import io.ltq.prune.PruningScope;
import io.ltq.prune.WeightTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Prunes whole units — neurons and channels — by the norm of their own weights: Li et al.'s
 * (2017) L1 norm of a filter, or the L2 norm. Each level removes a fraction of the units still
 * alive, per layer or ranked across layers, keeps at least a minimum width per layer, and can
 * round the width kept up to a multiple (CPU kernels run slower on odd widths). The result is an
 * ordinary LTQ mask over every tensor slice a pruned unit owns ({@link UnitLayer#members()}), so
 * rewinding, resuming and keeping pruned weights at zero work as for unstructured masks.
 *
 * <p>A unit is alive while any weight of its own slice is kept. Masks only shrink, and the same
 * weights and masks give the same result: ties in score keep the lower-numbered unit.
 *
 * <pre>
 * StructuredPruner pruner = StructuredPruner.builder()
 *         .setLayers(List.of(new UnitLayer("fc1", LayerKind.DENSE, 300, List.of(
 *                 UnitSlice.of("fc1.weight", 0), UnitSlice.of("fc1.bias", 0),
 *                 UnitSlice.of("fc2.weight", 1)))))
 *         .optFraction(0.2)
 *         .build();
 * MaskSet next = pruner.prune(weights, current);
 * </pre>
 */
public final class StructuredPruner implements Pruner {

    /** How a unit's weights are scored. */
    public enum Norm {
        /** The sum of absolute values (Li et al. 2017). */
        L1,
        /** The square root of the sum of squares. */
        L2
    }

    private final List<UnitLayer> layers;
    private final Norm norm;
    private final PruningRates rates;
    private final int minWidth;
    private final int multiple;

    private StructuredPruner(Builder b, PruningRates rates) {
        this.layers = List.copyOf(b.layers);
        this.norm = b.norm;
        this.rates = rates;
        this.minWidth = b.minWidth;
        this.multiple = b.multiple;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public MaskSet prune(List<WeightTensor> weights, MaskSet current) {
        Map<String, WeightTensor> byName = new LinkedHashMap<>();
        weights.forEach(w -> byName.put(w.name(), w));
        Map<String, boolean[]> kept = new LinkedHashMap<>();
        for (WeightTensor w : weights) {
            boolean[] k = new boolean[w.size()];
            Mask m = current.contains(w.name()) ? current.get(w.name()) : null;
            for (int i = 0; i < k.length; i++) {
                k[i] = m == null || m.isKept(i);
            }
            kept.put(w.name(), k);
        }
        List<boolean[]> alive = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        for (UnitLayer layer : layers) {
            for (UnitSlice s : layer.members()) {
                check(layer, s, byName.get(s.tensor()));
            }
            WeightTensor own = byName.get(layer.own().tensor());
            boolean[] ownKept = kept.get(own.name());
            boolean[] a = new boolean[layer.units()];
            double[] score = new double[layer.units()];
            for (int u = 0; u < layer.units(); u++) {
                boolean[] any = {false};
                layer.own().forEachIndex(own.shape(), u, i -> any[0] |= ownKept[i]);
                a[u] = any[0];
                // Every weight that produces the unit: its own, and where residual additions tie
                // layers' units, each of those layers' weights.
                double sum = 0;
                for (UnitSlice s : layer.members()) {
                    WeightTensor t = byName.get(s.tensor());
                    if (s.axis() == 0 && s.masked() && t != null && producesUnits(t.kind())) {
                        sum += norm(s, t, kept.get(t.name()), u);
                    }
                }
                score[u] = norm == Norm.L1 ? sum : Math.sqrt(sum);
            }
            alive.add(a);
            scores.add(score);
        }
        int[] keep = rates.scope() == PruningScope.GLOBAL ? globalWidths(alive, scores)
                : layerwiseWidths(alive);
        Map<String, int[]> survivors = new LinkedHashMap<>();
        for (int l = 0; l < layers.size(); l++) {
            survivors.put(layers.get(l).name(),
                    topUnits(alive.get(l), scores.get(l), keep[l]));
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, Mask> now = new LinkedHashMap<>();
        for (WeightTensor w : weights) {
            shapes.put(w.name(), w.shape());
            now.put(w.name(), Mask.of(w.shape(), kept.get(w.name())));
        }
        // Only shrinks: the units' slices go, and what the current masks pruned stays pruned.
        return UnitSelection.of(layers, survivors).toMasks(shapes).and(MaskSet.of(now));
    }

    /** Checks a minimum width, for this pruner's builder and {@link RefillPruner}'s. */
    static int checkMinWidth(int minWidth) {
        if (minWidth < 1) {
            throw new IllegalArgumentException("A layer keeps at least one unit, got a"
                    + " minimum width of " + minWidth + ".");
        }
        return minWidth;
    }

    private static boolean producesUnits(LayerKind kind) {
        return kind == LayerKind.DENSE || kind == LayerKind.CONV;
    }

    /** The sum of |w| (L1) or of w² (L2) over a unit's kept weights in one slice. */
    private double norm(UnitSlice s, WeightTensor t, boolean[] keep, int unit) {
        double[] sum = {0};
        s.forEachIndex(t.shape(), unit, i -> {
            if (keep[i]) {
                double v = t.values()[i];
                sum[0] += norm == Norm.L1 ? Math.abs(v) : v * v;
            }
        });
        return sum[0];
    }

    private static void check(UnitLayer layer, UnitSlice s, WeightTensor t) {
        if (t == null && !s.masked()) {
            return; // a statistic the caller need not pass
        }
        if (t == null) {
            throw new IllegalArgumentException("Layer " + layer.name() + " couples tensor "
                    + s.tensor() + ", which is not among the tensors given: pass every tensor"
                    + " a unit owns, biases and BatchNorm included.");
        }
        if (s.axis() >= t.shape().length
                || t.shape()[s.axis()] != (long) layer.units() * s.block()) {
            throw new IllegalArgumentException("Layer " + layer.name() + " has "
                    + layer.units() + " units of " + s.block() + " along axis " + s.axis()
                    + " of " + t.name() + ", whose shape is " + Arrays.toString(t.shape())
                    + ".");
        }
    }

    /** The width each layer keeps when each loses its own fraction of its live units. */
    private int[] layerwiseWidths(List<boolean[]> alive) {
        int[] keep = new int[layers.size()];
        for (int l = 0; l < keep.length; l++) {
            int live = count(alive.get(l));
            double p = fraction(layers.get(l));
            keep[l] = width(layers.get(l), live, live - (int) PruningRates.count(p, live));
        }
        return keep;
    }

    /** The widths when the live units of all layers are ranked together by score. */
    private int[] globalWidths(List<boolean[]> alive, List<double[]> scores) {
        List<int[]> ranked = new ArrayList<>(); // {layer, unit}
        int[] keep = new int[layers.size()];
        int total = 0;
        for (int l = 0; l < layers.size(); l++) {
            for (int u = 0; u < layers.get(l).units(); u++) {
                if (alive.get(l)[u]) {
                    ranked.add(new int[] {l, u});
                    keep[l]++;
                    total++;
                }
            }
        }
        ranked.sort((x, y) -> {
            int c = Double.compare(scores.get(x[0])[x[1]], scores.get(y[0])[y[1]]);
            return c != 0 ? c : x[0] != y[0] ? Integer.compare(y[0], x[0])
                    : Integer.compare(y[1], x[1]);
        });
        int[] live = keep.clone();
        long remove = PruningRates.count(fraction(layers.get(0)), total);
        for (int[] unit : ranked) {
            if (remove == 0) {
                break;
            }
            if (keep[unit[0]] > Math.min(minWidth, live[unit[0]])) {
                keep[unit[0]]--;
                remove--;
            }
        }
        for (int l = 0; l < keep.length; l++) {
            keep[l] = width(layers.get(l), live[l], keep[l]);
        }
        return keep;
    }

    /** A layer's fraction: its rate by its own weight's name and its kind. */
    private double fraction(UnitLayer layer) {
        return rates.rateFor(layer.own().tensor(), layer.kind());
    }

    /** A width kept: at least the minimum, rounded up to the multiple, never above the live. */
    private int width(UnitLayer layer, int live, int wanted) {
        if (live == 0) {
            throw new IllegalArgumentException("Layer " + layer.name() + " has no units left.");
        }
        int w = Math.max(wanted, Math.min(minWidth, live));
        w = (w + multiple - 1) / multiple * multiple;
        return Math.min(w, live);
    }

    /** The {@code keep} live units of highest score; ties keep the lower-numbered unit. */
    private static int[] topUnits(boolean[] alive, double[] score, int keep) {
        List<Integer> live = new ArrayList<>();
        for (int u = 0; u < alive.length; u++) {
            if (alive[u]) {
                live.add(u);
            }
        }
        live.sort((x, y) -> {
            int c = Double.compare(score[y], score[x]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        return live.subList(0, keep).stream().mapToInt(Integer::intValue).toArray();
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }

    /**
     * Configures a {@link StructuredPruner}: the layers and how units are scored, plus the
     * options every pruner shares ({@link PrunerBuilder}): the fraction of live units a layer
     * loses per level (overall, by the layer's kind, or by the name of its own weight) and the
     * scope. In {@link PruningScope#GLOBAL} scope the first layer's fraction applies to all.
     */
    public static final class Builder extends PrunerBuilder<Builder> {

        private List<UnitLayer> layers = List.of();
        private Norm norm = Norm.L1;
        private int minWidth = 1;
        private int multiple = 1;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the layers whose units are pruned, with their coupling.
         *
         * @param layers the layers; the output layer, whose units are the classes, is not one
         * @return this builder
         */
        public Builder setLayers(List<UnitLayer> layers) {
            this.layers = List.copyOf(layers);
            return this;
        }

        /**
         * Sets how units are scored.
         *
         * @param norm {@link Norm#L1} unless set
         * @return this builder
         */
        public Builder optNorm(Norm norm) {
            this.norm = Objects.requireNonNull(norm, "norm");
            return this;
        }

        /**
         * Sets the fewest units a layer keeps.
         *
         * @param minWidth 1 or more; 1 unless set
         * @return this builder
         */
        public Builder optMinWidth(int minWidth) {
            this.minWidth = checkMinWidth(minWidth);
            return this;
        }

        /**
         * Rounds each width kept up to a multiple, as CPU kernels prefer.
         *
         * @param multiple 1 or more; 1 (no rounding) unless set
         * @return this builder
         */
        public Builder optMultiple(int multiple) {
            if (multiple < 1) {
                throw new IllegalArgumentException("Widths round to a multiple of 1 or more,"
                        + " got " + multiple + ".");
            }
            this.multiple = multiple;
            return this;
        }

        /**
         * Builds the pruner.
         *
         * @return the pruner
         */
        public StructuredPruner build() {
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("A structured pruner needs its layers.");
            }
            return new StructuredPruner(this, rates());
        }
    }
}

package io.ltq.prune.structured;

import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import io.ltq.prune.Pruner;
import io.ltq.prune.WeightTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * IMP-Refill (Chen et al. 2022, "Coarsening the granularity"): an unstructured pruner chooses
 * weights as usual, and its mask is turned into whole units. In each layer the units with the
 * most surviving weights of their own are kept, as many as hold the weights the unstructured
 * mask keeps in that layer, and every weight of a kept unit comes back ("refilled"). The result is
 * a structured mask, so the ticket can be made compact.
 *
 * <pre>
 * Pruner refill = RefillPruner.builder()
 *         .setPruner(MagnitudePruner.builder().optFraction(0.2).build())
 *         .setLayers(layers)
 *         .build();
 * </pre>
 */
public final class RefillPruner implements Pruner {

    private final Pruner unstructured;
    private final List<UnitLayer> layers;
    private final int minWidth;

    private RefillPruner(Builder b) {
        this.unstructured = b.unstructured;
        this.layers = b.layers;
        this.minWidth = b.minWidth;
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
        Map<String, long[]> shapes = new LinkedHashMap<>();
        weights.forEach(w -> shapes.put(w.name(), w.shape()));
        MaskSet now = fill(current, shapes);
        MaskSet chosen = unstructured.prune(weights, now);
        UnitSelection live = UnitSelection.ofMasks(layers, shapes, now);
        Map<String, int[]> kept = new LinkedHashMap<>();
        for (UnitLayer layer : layers) {
            UnitSlice own = layer.own();
            long[] shape = shapes.get(own.tensor());
            Mask before = now.get(own.tensor());
            Mask after = chosen.get(own.tensor());
            int[] units = live.kept(layer.name());
            long[] survivors = new long[units.length];
            long liveWeights = 0;
            long total = 0;
            for (int k = 0; k < units.length; k++) {
                long[] counts = new long[2];
                own.forEachIndex(shape, units[k], i -> {
                    counts[0] += before.isKept(i) ? 1 : 0;
                    counts[1] += after.isKept(i) ? 1 : 0;
                });
                liveWeights += counts[0];
                survivors[k] = counts[1];
                total += counts[1];
            }
            // As many whole units as hold the weights the unstructured mask keeps here.
            double perUnit = (double) liveWeights / units.length;
            int width = (int) Math.round(total / perUnit);
            width = Math.min(units.length, Math.max(width, Math.min(minWidth, units.length)));
            kept.put(layer.name(), mostSurvivors(units, survivors, width));
        }
        return UnitSelection.of(layers, kept).toMasks(shapes).and(now);
    }

    /** The current masks with a dense mask for each tensor they leave out. */
    private static MaskSet fill(MaskSet current, Map<String, long[]> shapes) {
        Map<String, Mask> out = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> out.put(name,
                current.contains(name) ? current.get(name) : Mask.ones(shape)));
        return MaskSet.of(out);
    }

    /** The {@code width} units with the most survivors; ties keep the lower-numbered unit. */
    private static int[] mostSurvivors(int[] units, long[] survivors, int width) {
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < units.length; k++) {
            order.add(k);
        }
        order.sort((x, y) -> {
            int c = Long.compare(survivors[y], survivors[x]);
            return c != 0 ? c : Integer.compare(units[x], units[y]);
        });
        return order.subList(0, width).stream().mapToInt(k -> units[k]).toArray();
    }

    @Override
    public String toString() {
        return "RefillPruner[" + unstructured + ", " + layers.size() + " layers]";
    }

    /** Configures a {@link RefillPruner}. */
    public static final class Builder {

        private Pruner unstructured;
        private List<UnitLayer> layers = List.of();
        private int minWidth = 1;

        Builder() {}

        /**
         * Sets the unstructured pruner whose choice is turned into units.
         *
         * @param pruner for IMP-Refill, the magnitude pruner at the run's rates
         * @return this builder
         */
        public Builder setPruner(Pruner pruner) {
            this.unstructured = Objects.requireNonNull(pruner, "pruner");
            return this;
        }

        /**
         * Sets the layers whose units are kept or dropped whole, with their coupling.
         *
         * @param layers the layers
         * @return this builder
         */
        public Builder setLayers(List<UnitLayer> layers) {
            this.layers = List.copyOf(layers);
            return this;
        }

        /**
         * Sets the fewest units a layer keeps.
         *
         * @param minWidth 1 or more; 1 unless set
         * @return this builder
         */
        public Builder optMinWidth(int minWidth) {
            this.minWidth = StructuredPruner.checkMinWidth(minWidth);
            return this;
        }

        /**
         * Builds the pruner.
         *
         * @return the pruner
         */
        public RefillPruner build() {
            if (unstructured == null || layers.isEmpty()) {
                throw new IllegalArgumentException(
                        "IMP-Refill needs an unstructured pruner and the layers.");
            }
            return new RefillPruner(this);
        }
    }
}

package io.ltq.prune.structured;

import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import io.ltq.random.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Which units of each layer are kept: what a structured mask says, and what a compact network is
 * made of. It turns kept units into masks over the dense network ({@link #toMasks}), gives each
 * tensor's compact shape, and moves values between a dense tensor and its compact one ({@link
 * #gather}, {@link #scatter}), so that a masked network and its compact twin hold the same
 * numbers.
 *
 * <pre>
 * UnitSelection kept = UnitSelection.ofMasks(layers, shapes, ticketMasks);
 * long[] small = kept.compactShape("fc2.weight", shapes.get("fc2.weight"));
 * float[] values = kept.gather("fc2.weight", shapes.get("fc2.weight"), dense);
 * </pre>
 */
public final class UnitSelection {

    private final List<UnitLayer> layers;
    private final Map<String, int[]> kept;

    private UnitSelection(List<UnitLayer> layers, Map<String, int[]> kept) {
        this.layers = List.copyOf(layers);
        this.kept = kept;
    }

    /**
     * Makes a selection from the kept units of each layer.
     *
     * @param layers the layers
     * @param kept each layer's kept units by layer name; a layer left out keeps every unit
     * @return the selection
     * @throws IllegalArgumentException when a unit is out of range, repeated, or a layer keeps none
     */
    public static UnitSelection of(List<UnitLayer> layers, Map<String, int[]> kept) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (UnitLayer layer : layers) {
            int[] units = kept.get(layer.name());
            if (units == null) {
                units = new int[layer.units()];
                Arrays.setAll(units, i -> i);
            }
            units = units.clone();
            Arrays.sort(units);
            if (units.length == 0) {
                throw new IllegalArgumentException("Layer " + layer.name() + " would keep no"
                        + " unit, which leaves the network without a path to its output.");
            }
            for (int i = 0; i < units.length; i++) {
                if (units[i] < 0 || units[i] >= layer.units()
                        || (i > 0 && units[i] == units[i - 1])) {
                    throw new IllegalArgumentException("Layer " + layer.name() + " has units 0 to "
                            + (layer.units() - 1) + ", not the kept units "
                            + Arrays.toString(units) + ".");
                }
            }
            out.put(layer.name(), units);
        }
        return new UnitSelection(layers, Collections.unmodifiableMap(out));
    }

    /**
     * Returns the units a mask set keeps: a unit is kept while any weight of its own slice is.
     *
     * @param layers the layers
     * @param shapes every tensor's shape by name
     * @param masks the masks; a tensor without one is dense
     * @return the selection
     */
    public static UnitSelection ofMasks(List<UnitLayer> layers, Map<String, long[]> shapes,
            MaskSet masks) {
        Map<String, int[]> kept = new LinkedHashMap<>();
        for (UnitLayer layer : layers) {
            UnitSlice own = layer.own();
            Mask m = masks.contains(own.tensor()) ? masks.get(own.tensor()) : null;
            long[] shape = requireShape(shapes, own.tensor());
            List<Integer> units = new ArrayList<>();
            for (int u = 0; u < layer.units(); u++) {
                boolean[] any = {m == null};
                if (!any[0]) {
                    own.forEachIndex(shape, u, i -> any[0] |= m.isKept(i));
                }
                if (any[0]) {
                    units.add(u);
                }
            }
            kept.put(layer.name(), units.stream().mapToInt(Integer::intValue).toArray());
        }
        return of(layers, kept);
    }

    /**
     * Draws, for each layer, a uniformly random set of units of the given width: random
     * structured pruning at the widths of another selection.
     *
     * @param layers the layers
     * @param widths the width of each layer by name
     * @param seed the seed of the draw; each layer draws from its own stream
     * @return the selection
     */
    public static UnitSelection random(List<UnitLayer> layers, Map<String, Integer> widths,
            long seed) {
        Map<String, int[]> kept = new LinkedHashMap<>();
        for (int l = 0; l < layers.size(); l++) {
            UnitLayer layer = layers.get(l);
            int width = Objects.requireNonNull(widths.get(layer.name()), layer.name());
            SplittableRandom rng = new SplittableRandom(
                    Seeds.derive(seed, l, layer.units()));
            // A partial Fisher-Yates shuffle: the first `width` entries are a uniform subset.
            int[] units = new int[layer.units()];
            Arrays.setAll(units, i -> i);
            for (int i = 0; i < width; i++) {
                int j = i + rng.nextInt(units.length - i);
                int t = units[i];
                units[i] = units[j];
                units[j] = t;
            }
            kept.put(layer.name(), Arrays.copyOf(units, width));
        }
        return of(layers, kept);
    }

    /**
     * Returns the layers.
     *
     * @return the layers, in the order given
     */
    public List<UnitLayer> layers() {
        return layers;
    }

    /**
     * Returns a layer's kept units.
     *
     * @param layer the layer's name
     * @return the kept units, ascending
     */
    public int[] kept(String layer) {
        return Objects.requireNonNull(kept.get(layer), layer).clone();
    }

    /**
     * Returns the width of every layer.
     *
     * @return the number of kept units by layer name, in layer order
     */
    public Map<String, Integer> widths() {
        Map<String, Integer> out = new LinkedHashMap<>();
        kept.forEach((name, units) -> out.put(name, units.length));
        return out;
    }

    /**
     * Returns the masks of this selection over the dense network: every masked slice of a unit
     * that is not kept is pruned; everything else is kept.
     *
     * @param shapes the shape of every tensor to mask, by name
     * @return one mask per tensor of {@code shapes}
     */
    public MaskSet toMasks(Map<String, long[]> shapes) {
        Map<String, boolean[]> keep = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            boolean[] k = new boolean[Math.toIntExact(size(shape))];
            Arrays.fill(k, true);
            keep.put(name, k);
        });
        for (UnitLayer layer : layers) {
            boolean[] isKept = new boolean[layer.units()];
            for (int u : kept.get(layer.name())) {
                isKept[u] = true;
            }
            for (UnitSlice s : layer.members()) {
                boolean[] k = keep.get(s.tensor());
                if (!s.masked() || k == null) {
                    continue;
                }
                for (int u = 0; u < layer.units(); u++) {
                    if (!isKept[u]) {
                        s.forEachIndex(shapes.get(s.tensor()), u, i -> k[i] = false);
                    }
                }
            }
        }
        Map<String, Mask> out = new LinkedHashMap<>();
        keep.forEach((name, k) -> out.put(name, Mask.of(shapes.get(name), k)));
        return MaskSet.of(out);
    }

    /**
     * Returns the shape a tensor has in the compact network.
     *
     * @param tensor the tensor's name
     * @param shape its dense shape
     * @return the shape with every unit axis cut to the kept units
     */
    public long[] compactShape(String tensor, long[] shape) {
        int[][] index = axisIndices(tensor, shape);
        long[] out = new long[shape.length];
        for (int d = 0; d < shape.length; d++) {
            out[d] = index[d] == null ? shape[d] : index[d].length;
        }
        return out;
    }

    /**
     * Returns the values of a tensor that the compact network holds, in row-major order.
     *
     * @param tensor the tensor's name
     * @param shape its dense shape
     * @param dense its dense values, row-major
     * @return the kept units' values
     */
    public float[] gather(String tensor, long[] shape, float[] dense) {
        float[] out = new float[Math.toIntExact(size(compactShape(tensor, shape)))];
        int[] from = flatIndices(tensor, shape);
        for (int i = 0; i < out.length; i++) {
            out[i] = dense[from[i]];
        }
        return out;
    }

    /**
     * Returns a dense tensor holding a compact tensor's values where its units sit, and 0.0
     * everywhere else: the inverse of {@link #gather} on the kept units.
     *
     * @param tensor the tensor's name
     * @param shape its dense shape
     * @param compact the compact values, row-major
     * @return the dense values
     */
    public float[] scatter(String tensor, long[] shape, float[] compact) {
        float[] out = new float[Math.toIntExact(size(shape))];
        int[] to = flatIndices(tensor, shape);
        if (to.length != compact.length) {
            throw new IllegalArgumentException("Tensor " + tensor + " has "
                    + to.length + " compact values, got " + compact.length + ".");
        }
        for (int i = 0; i < to.length; i++) {
            out[to[i]] = compact[i];
        }
        return out;
    }

    /** The dense flat index of every compact element, in the compact tensor's row-major order. */
    private int[] flatIndices(String tensor, long[] shape) {
        int[][] index = axisIndices(tensor, shape);
        int rank = shape.length;
        int[][] along = new int[rank][];
        long[] stride = new long[rank];
        long s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            stride[d] = s;
            s *= shape[d];
            if (index[d] != null) {
                along[d] = index[d];
            } else {
                along[d] = new int[Math.toIntExact(shape[d])];
                Arrays.setAll(along[d], i -> i);
            }
        }
        long n = 1;
        for (int[] a : along) {
            n *= a.length;
        }
        int[] out = new int[Math.toIntExact(n)];
        int[] pos = new int[rank];
        for (int i = 0; i < out.length; i++) {
            long flat = 0;
            for (int d = 0; d < rank; d++) {
                flat += along[d][pos[d]] * stride[d];
            }
            out[i] = Math.toIntExact(flat);
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < along[d].length) {
                    break;
                }
                pos[d] = 0;
            }
        }
        return out;
    }

    /** For each axis of a tensor, the kept indices along it, or {@code null} for all. */
    private int[][] axisIndices(String tensor, long[] shape) {
        int[][] index = new int[shape.length][];
        for (UnitLayer layer : layers) {
            for (UnitSlice s : layer.members()) {
                if (!s.tensor().equals(tensor)) {
                    continue;
                }
                if (s.axis() >= shape.length
                        || shape[s.axis()] != (long) layer.units() * s.block()) {
                    throw new IllegalArgumentException("Layer " + layer.name() + " has "
                            + layer.units() + " units of " + s.block() + " along axis "
                            + s.axis() + " of " + tensor + ", whose shape is "
                            + Arrays.toString(shape) + ".");
                }
                if (index[s.axis()] != null) {
                    throw new IllegalArgumentException("Two layers cut axis " + s.axis() + " of "
                            + tensor + "; a tensor's axis belongs to one layer's units.");
                }
                int[] units = kept.get(layer.name());
                int[] idx = new int[units.length * s.block()];
                for (int k = 0; k < units.length; k++) {
                    for (int b = 0; b < s.block(); b++) {
                        idx[k * s.block() + b] = units[k] * s.block() + b;
                    }
                }
                index[s.axis()] = idx;
            }
        }
        return index;
    }

    private static long[] requireShape(Map<String, long[]> shapes, String tensor) {
        long[] shape = shapes.get(tensor);
        if (shape == null) {
            throw new IllegalArgumentException("No shape was given for tensor " + tensor
                    + ", which a layer's units own.");
        }
        return shape;
    }

    private static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UnitSelection other) || !layers.equals(other.layers)) {
            return false;
        }
        for (String name : kept.keySet()) {
            if (!Arrays.equals(kept.get(name), other.kept.get(name))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = layers.hashCode();
        for (int[] units : kept.values()) {
            h = 31 * h + Arrays.hashCode(units);
        }
        return h;
    }

    @Override
    public String toString() {
        return "UnitSelection" + widths();
    }
}

package io.ltq.mask;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, ordered set of {@link Mask}s keyed by parameter path (for example {@code
 * 01Linear_weight}), one for every prunable tensor of a network.
 *
 * <p>A parameter that has no mask here is not pruned. The order is the order the masks were added
 * in, which for masks made by LTQ is the network's parameter order.
 */
public final class MaskSet {

    private final Map<String, Mask> masks;

    private MaskSet(Map<String, Mask> masks) {
        this.masks = Collections.unmodifiableMap(masks);
    }

    /**
     * Returns a mask set from an ordered map.
     *
     * @param masks the masks by parameter path, iterated in the order to keep
     * @return the mask set
     */
    public static MaskSet of(Map<String, Mask> masks) {
        Map<String, Mask> copy = new LinkedHashMap<>();
        masks.forEach(
                (k, v) -> copy.put(Objects.requireNonNull(k, "name"), Objects.requireNonNull(v, k)));
        return new MaskSet(copy);
    }

    /**
     * Returns the mask set in which every weight of the named tensors survives.
     *
     * @param shapes the shape of each prunable tensor, by parameter path, in order
     * @return a dense mask set
     */
    public static MaskSet ones(Map<String, long[]> shapes) {
        Map<String, Mask> out = new LinkedHashMap<>();
        shapes.forEach((k, v) -> out.put(k, Mask.ones(v)));
        return new MaskSet(out);
    }

    /**
     * Returns the parameter paths in order.
     *
     * @return the names of the masked tensors
     */
    public Set<String> names() {
        return masks.keySet();
    }

    /**
     * Returns the masks in order.
     *
     * @return an unmodifiable view of the masks by parameter path
     */
    public Map<String, Mask> asMap() {
        return masks;
    }

    /**
     * Returns the mask of one tensor.
     *
     * @param name the parameter path
     * @return the mask, or {@code null} when the tensor is not masked
     */
    public Mask get(String name) {
        return masks.get(name);
    }

    /**
     * Returns whether the tensor is masked.
     *
     * @param name the parameter path
     * @return {@code true} when a mask exists for it
     */
    public boolean contains(String name) {
        return masks.containsKey(name);
    }

    /**
     * Returns the number of masked tensors.
     *
     * @return the count of masks
     */
    public int size() {
        return masks.size();
    }

    /**
     * Returns the number of weights covered by the masks.
     *
     * @return the sum of the tensor sizes
     */
    public long totalWeights() {
        return masks.values().stream().mapToLong(Mask::size).sum();
    }

    /**
     * Returns the number of surviving weights.
     *
     * @return the sum of kept counts
     */
    public long countKept() {
        return masks.values().stream().mapToLong(Mask::countKept).sum();
    }

    /**
     * Returns the fraction of the masked weights that survive.
     *
     * @return kept / total, 1.0 when there is nothing to mask
     */
    public double density() {
        long total = totalWeights();
        return total == 0 ? 1.0 : (double) countKept() / total;
    }

    /**
     * Returns the element-wise intersection with another mask set covering the same tensors.
     *
     * @param other masks for the same parameter paths and shapes
     * @return the intersection
     */
    public MaskSet and(MaskSet other) {
        requireSameNames(other);
        Map<String, Mask> out = new LinkedHashMap<>();
        masks.forEach((k, v) -> out.put(k, v.and(other.masks.get(k))));
        return new MaskSet(out);
    }

    /**
     * Returns whether every weight kept here is kept in {@code other} too.
     *
     * @param other masks for the same parameter paths and shapes
     * @return {@code true} when this mask set is nested in {@code other}
     */
    public boolean isSubsetOf(MaskSet other) {
        requireSameNames(other);
        return masks.entrySet().stream()
                .allMatch(e -> e.getValue().isSubsetOf(other.masks.get(e.getKey())));
    }

    /**
     * Returns the Jaccard overlap of the kept weights: |A ∩ B| / |A ∪ B|.
     *
     * @param other masks for the same parameter paths and shapes
     * @return a value in [0, 1], 1.0 when both keep nothing
     */
    public double jaccard(MaskSet other) {
        requireSameNames(other);
        long both = 0;
        long union = 0;
        for (Map.Entry<String, Mask> e : masks.entrySet()) {
            Mask a = e.getValue();
            Mask b = other.masks.get(e.getKey());
            long inter = a.countKeptInBoth(b);
            both += inter;
            union += a.countKept() + b.countKept() - inter;
        }
        return union == 0 ? 1.0 : (double) both / union;
    }

    /**
     * Returns one line per tensor with its kept count and density, for reports and logs.
     *
     * @return the per-tensor sparsity rows, in order
     */
    public List<SparsityRow> sparsity() {
        return masks.entrySet().stream()
                .map(e -> new SparsityRow(e.getKey(), e.getValue().size(), e.getValue().countKept()))
                .toList();
    }

    private void requireSameNames(MaskSet other) {
        if (!masks.keySet().equals(other.masks.keySet())) {
            throw new IllegalArgumentException(
                    "Mask sets cover different tensors: " + masks.keySet() + " vs "
                            + other.masks.keySet() + ".");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskSet && masks.equals(((MaskSet) o).masks);
    }

    @Override
    public int hashCode() {
        return masks.hashCode();
    }

    @Override
    public String toString() {
        return String.format(
                "MaskSet[%d tensors, %d/%d kept, %.2f%%]",
                masks.size(), countKept(), totalWeights(), 100 * density());
    }

    /**
     * The sparsity of one tensor.
     *
     * @param name the parameter path
     * @param total the number of weights
     * @param kept the number of surviving weights
     */
    public record SparsityRow(String name, long total, long kept) {

        /**
         * Returns the surviving fraction.
         *
         * @return kept / total
         */
        public double density() {
            return total == 0 ? 1.0 : (double) kept / total;
        }
    }
}

package io.ltq.mask;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable pruning mask for one tensor: one bit per weight, {@code 1} for a weight that
 * survives and {@code 0} for a pruned one.
 *
 * <p>Bits are packed 64 to a {@code long} in row-major (C) order, so a mask of 20 million weights
 * holds about 2.5 MB. Instances are created with {@link #ones(long...)}, {@link #of(long[],
 * boolean[])} or a {@link Builder}, and combined with {@link #and(Mask)}.
 */
public final class Mask {

    private final long[] shape;
    private final long size;
    private final long[] words;
    private final long kept;

    private Mask(long[] shape, long[] words) {
        this.shape = shape;
        this.size = sizeOf(shape);
        this.words = words;
        long count = 0;
        for (long w : words) {
            count += Long.bitCount(w);
        }
        this.kept = count;
    }

    /**
     * Returns a mask of the given shape in which every weight survives.
     *
     * @param shape the tensor shape
     * @return a dense mask
     */
    public static Mask ones(long... shape) {
        long[] s = checkShape(shape);
        long size = sizeOf(s);
        long[] words = new long[wordCount(size)];
        Arrays.fill(words, -1L);
        clearTail(words, size);
        return new Mask(s, words);
    }

    /**
     * Returns a mask from one boolean per weight in row-major order.
     *
     * @param shape the tensor shape
     * @param kept {@code true} where the weight survives
     * @return the mask
     */
    public static Mask of(long[] shape, boolean[] kept) {
        long[] s = checkShape(shape);
        if (kept.length != sizeOf(s)) {
            throw new IllegalArgumentException(
                    "A mask of shape " + Arrays.toString(s) + " needs " + sizeOf(s)
                            + " values, got " + kept.length + ".");
        }
        Builder b = builder(s);
        for (int i = 0; i < kept.length; i++) {
            if (kept[i]) {
                b.keep(i);
            }
        }
        return b.build();
    }

    /**
     * Returns a mask from packed words, as written by {@link #toWords()}.
     *
     * @param shape the tensor shape
     * @param words 64 bits per word, bit {@code i % 64} of word {@code i / 64} is weight {@code i}
     * @return the mask
     */
    public static Mask fromWords(long[] shape, long[] words) {
        long[] s = checkShape(shape);
        long size = sizeOf(s);
        if (words.length != wordCount(size)) {
            throw new IllegalArgumentException(
                    "A mask of " + size + " weights needs " + wordCount(size) + " words, got "
                            + words.length + ".");
        }
        long[] copy = words.clone();
        if (size % 64 != 0 && (copy[copy.length - 1] >>> (size % 64)) != 0) {
            throw new IllegalArgumentException("Mask words have bits set beyond the last weight.");
        }
        return new Mask(s, copy);
    }

    /**
     * Returns a builder for a mask of the given shape that starts with every weight pruned.
     *
     * @param shape the tensor shape
     * @return a new builder
     */
    public static Builder builder(long... shape) {
        return new Builder(checkShape(shape));
    }

    /**
     * Returns the tensor shape.
     *
     * @return a copy of the shape
     */
    public long[] getShape() {
        return shape.clone();
    }

    /**
     * Returns the number of weights the mask covers.
     *
     * @return the product of the shape
     */
    public long size() {
        return size;
    }

    /**
     * Returns whether weight {@code index} (row-major) survives.
     *
     * @param index the flat index
     * @return {@code true} when kept
     */
    public boolean isKept(long index) {
        Objects.checkIndex(index, size);
        return (words[(int) (index >>> 6)] & (1L << index)) != 0;
    }

    /**
     * Returns the number of surviving weights.
     *
     * @return the count of ones
     */
    public long countKept() {
        return kept;
    }

    /**
     * Returns the number of pruned weights.
     *
     * @return the count of zeros
     */
    public long countPruned() {
        return size - kept;
    }

    /**
     * Returns the fraction of weights that survive, 1.0 for an empty tensor.
     *
     * @return kept / size
     */
    public double density() {
        return size == 0 ? 1.0 : (double) kept / size;
    }

    /**
     * Returns the mask in which a weight survives only where it survives in both masks.
     *
     * @param other a mask of the same shape
     * @return the intersection
     */
    public Mask and(Mask other) {
        requireSameShape(other);
        long[] out = new long[words.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = words[i] & other.words[i];
        }
        return new Mask(shape, out);
    }

    /**
     * Returns whether every weight kept here is also kept in {@code other}.
     *
     * @param other a mask of the same shape
     * @return {@code true} when this mask is nested in {@code other}
     */
    public boolean isSubsetOf(Mask other) {
        requireSameShape(other);
        for (int i = 0; i < words.length; i++) {
            if ((words[i] & ~other.words[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the number of weights kept in both masks.
     *
     * @param other a mask of the same shape
     * @return the size of the intersection of the kept sets
     */
    public long countKeptInBoth(Mask other) {
        requireSameShape(other);
        long count = 0;
        for (int i = 0; i < words.length; i++) {
            count += Long.bitCount(words[i] & other.words[i]);
        }
        return count;
    }

    /**
     * Returns the packed bits.
     *
     * @return a copy of the words, see {@link #fromWords(long[], long[])}
     */
    public long[] toWords() {
        return words.clone();
    }

    /**
     * Writes the mask as floats, 1.0 for kept and 0.0 for pruned.
     *
     * @return one float per weight in row-major order
     */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(size)];
        for (int i = 0; i < out.length; i++) {
            if ((words[i >>> 6] & (1L << i)) != 0) {
                out[i] = 1f;
            }
        }
        return out;
    }

    /**
     * Writes the mask as one byte per weight, 1 for kept and 0 for pruned.
     *
     * @return the bytes in row-major order
     */
    public byte[] toByteArray() {
        byte[] out = new byte[Math.toIntExact(size)];
        MaskBits.expand(words, 0, out, 0, out.length);
        return out;
    }

    /**
     * Writes some weights as one byte each, 1 for kept and 0 for pruned, so that a large mask can
     * be expanded chunk by chunk into a reused buffer. Fastest when {@code from} is a multiple of
     * 8.
     *
     * @param from the first weight, a flat row-major index
     * @param dst the buffer
     * @param offset where in {@code dst} weight {@code from} goes
     * @param length the number of weights
     * @throws IndexOutOfBoundsException when the weights or the buffer range are out of bounds
     */
    public void copyBytes(long from, byte[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, size);
        Objects.checkFromIndexSize(offset, length, dst.length);
        MaskBits.expand(words, from, dst, offset, length);
    }

    /**
     * Returns the words themselves, for the file formats of this package; never modify them.
     *
     * @return the internal array
     */
    long[] words() {
        return words;
    }

    private void requireSameShape(Mask other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException(
                    "Masks have different shapes: " + Arrays.toString(shape) + " and "
                            + Arrays.toString(other.shape) + ".");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Mask)) {
            return false;
        }
        Mask m = (Mask) o;
        return Arrays.equals(shape, m.shape) && Arrays.equals(words, m.words);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "Mask" + Arrays.toString(shape) + " kept " + kept + "/" + size;
    }

    static long sizeOf(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static int wordCount(long size) {
        return Math.toIntExact((size + 63) >>> 6);
    }

    private static void clearTail(long[] words, long size) {
        if (size % 64 != 0) {
            words[words.length - 1] &= (1L << (size % 64)) - 1;
        }
    }

    private static long[] checkShape(long[] shape) {
        Objects.requireNonNull(shape, "shape");
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "A mask shape cannot have a negative dimension: " + Arrays.toString(shape));
            }
        }
        if (sizeOf(shape) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "A single tensor of more than 2^31 weights is not supported: "
                            + Arrays.toString(shape));
        }
        return shape.clone();
    }

    /** Sets bits one at a time; starts with every weight pruned. Not thread-safe. */
    public static final class Builder {

        private final long[] shape;
        private final long size;
        private final long[] words;

        private Builder(long[] shape) {
            this.shape = shape;
            this.size = sizeOf(shape);
            this.words = new long[wordCount(size)];
        }

        /**
         * Marks weight {@code index} as kept.
         *
         * @param index the flat row-major index
         * @return this builder
         */
        public Builder keep(long index) {
            Objects.checkIndex(index, size);
            words[(int) (index >>> 6)] |= 1L << index;
            return this;
        }

        /**
         * Marks weight {@code index} as pruned.
         *
         * @param index the flat row-major index
         * @return this builder
         */
        public Builder prune(long index) {
            Objects.checkIndex(index, size);
            words[(int) (index >>> 6)] &= ~(1L << index);
            return this;
        }

        /**
         * Builds the immutable mask.
         *
         * @return the mask
         */
        public Mask build() {
            return new Mask(shape, words.clone());
        }
    }
}

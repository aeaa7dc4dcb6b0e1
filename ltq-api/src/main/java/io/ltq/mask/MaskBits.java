package io.ltq.mask;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The conversions between a {@link Mask}'s words (weight {@code i} in bit {@code i % 64} of word
 * {@code i / 64}) and bytes, each written once: one byte 0 or 1 per weight ({@link #expand},
 * {@link #pack}), and {@code numpy.packbits} order, eight weights per byte with the first in the
 * high bit ({@link #toPackbits}, {@link #fromPackbits}). Each works on a range, so that a large
 * mask goes through a small reused buffer; ranges that start on a multiple of eight weights (or of
 * eight bytes for packbits) take the fast path, eight bytes at a time.
 */
final class MaskBits {

    private static final VarHandle LE_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** For each byte of mask bits, the eight 0/1 bytes it becomes, as one little-endian long. */
    private static final long[] SPREAD = new long[256];
    /** Gathers the low bits of eight 0/1 bytes of a little-endian long into its top byte. */
    private static final long GATHER = 0x0102040810204080L;
    private static final long NOT_LOW_BITS = 0xfefefefefefefefeL;

    static {
        for (int v = 0; v < 256; v++) {
            long x = 0;
            for (int j = 0; j < 8; j++) {
                x |= (long) ((v >>> j) & 1) << (8 * j);
            }
            SPREAD[v] = x;
        }
    }

    private MaskBits() {}

    /**
     * Writes weights {@code [from, from + n)} as one byte each, 1 for kept, 0 for pruned.
     *
     * @param words the mask words
     * @param from the first weight
     * @param dst the bytes to fill, {@code dst[off]} to {@code dst[off + n - 1]}
     * @param off where the first weight goes
     * @param n the number of weights
     */
    static void expand(long[] words, long from, byte[] dst, int off, int n) {
        int i = 0;
        for (; i < n && ((from + i) & 7) != 0; i++) {
            dst[off + i] = bit(words, from + i);
        }
        for (; i + 8 <= n; i += 8) {
            long bit = from + i;
            int v = (int) (words[(int) (bit >>> 6)] >>> (bit & 63)) & 0xff;
            LE_LONGS.set(dst, off + i, SPREAD[v]);
        }
        for (; i < n; i++) {
            dst[off + i] = bit(words, from + i);
        }
    }

    private static byte bit(long[] words, long index) {
        return (byte) ((words[(int) (index >>> 6)] >>> index) & 1);
    }

    /**
     * Sets weights {@code [from, from + n)} from one byte per weight; the inverse of {@link
     * #expand}. The words must be zero in that range.
     *
     * @param src the bytes, {@code src[off]} to {@code src[off + n - 1]}
     * @param off where the first weight's byte is
     * @param n the number of weights
     * @param words the mask words to set bits in
     * @param from the first weight
     * @return {@code true} when every byte was 0 or 1; otherwise the words are undefined
     */
    static boolean pack(byte[] src, int off, int n, long[] words, long from) {
        long seen = 0;
        int i = 0;
        for (; i < n && ((from + i) & 7) != 0; i++) {
            seen |= src[off + i] & 0xff;
            set(words, from + i, src[off + i]);
        }
        for (; i + 8 <= n; i += 8) {
            long x = (long) LE_LONGS.get(src, off + i);
            seen |= x;
            long bit = from + i;
            // Exact for bytes 0 and 1; other bytes are caught by seen.
            words[(int) (bit >>> 6)] |= ((x * GATHER) >>> 56) << (bit & 63);
        }
        for (; i < n; i++) {
            seen |= src[off + i] & 0xff;
            set(words, from + i, src[off + i]);
        }
        return (seen & NOT_LOW_BITS) == 0;
    }

    private static void set(long[] words, long index, byte value) {
        words[(int) (index >>> 6)] |= (long) (value & 1) << index;
    }

    /**
     * Writes bytes {@code [from, from + n)} of the mask in {@code numpy.packbits} order: byte
     * {@code k} holds weights {@code 8k} (high bit) to {@code 8k + 7} (low bit). Bits beyond the
     * last weight are zero in the words, so the last byte is zero-padded as NumPy pads it.
     *
     * @param words the mask words
     * @param from the first byte, below {@code ceil(size / 8)}
     * @param dst the bytes to fill from {@code off}
     * @param off where the first byte goes
     * @param n the number of bytes, at most {@code ceil(size / 8) - from}
     */
    static void toPackbits(long[] words, long from, byte[] dst, int off, int n) {
        int i = 0;
        for (; i < n && ((from + i) & 7) != 0; i++) {
            dst[off + i] = packedByte(words, from + i);
        }
        for (; i + 8 <= n; i += 8) {
            // Reversing the word puts its first weight in the top bit; big-endian order then
            // makes that the high bit of the first byte.
            BE_LONGS.set(dst, off + i, Long.reverse(words[(int) ((from + i) >>> 3)]));
        }
        for (; i < n; i++) {
            dst[off + i] = packedByte(words, from + i);
        }
    }

    private static byte packedByte(long[] words, long k) {
        int v = (int) (words[(int) (k >>> 3)] >>> ((k & 7) << 3)) & 0xff;
        return (byte) (Integer.reverse(v) >>> 24);
    }

    /**
     * Sets the weights of bytes {@code [from, from + n)} in {@code numpy.packbits} order; the
     * inverse of {@link #toPackbits}. The words must be zero in that range.
     *
     * @param src the bytes from {@code off}
     * @param off where the first byte is
     * @param n the number of bytes
     * @param words the mask words, {@code ceil(8 * (from + n) / 64)} of them at least
     * @param from the first byte
     */
    static void fromPackbits(byte[] src, int off, int n, long[] words, long from) {
        int i = 0;
        for (; i < n && ((from + i) & 7) != 0; i++) {
            setPackedByte(words, from + i, src[off + i]);
        }
        for (; i + 8 <= n; i += 8) {
            words[(int) ((from + i) >>> 3)] = Long.reverse((long) BE_LONGS.get(src, off + i));
        }
        for (; i < n; i++) {
            setPackedByte(words, from + i, src[off + i]);
        }
    }

    private static void setPackedByte(long[] words, long k, byte b) {
        long v = (Integer.reverse(b & 0xff) >>> 24) & 0xffL;
        words[(int) (k >>> 3)] |= v << ((k & 7) << 3);
    }
}

package io.ltq.mask;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The payload of a {@link MaskFormat#PACKED} entry: mask bits in {@code numpy.packbits} order,
 * eight weights per byte with the first in the high bit, and its compression.
 *
 * <p>Packed bytes of a random mask are noise to LZ77, so the entries are Huffman-coded only
 * ({@link Deflater#HUFFMAN_ONLY}): as small as zlib's default level on sparse masks (smaller at 5%
 * density), stored at one bit per weight on dense noise, and several times faster.
 */
final class PackedBits {

    private static final VarHandle LONGS_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private PackedBits() {}

    /**
     * Returns the number of bytes that hold a mask.
     *
     * @param size the number of weights
     * @return {@code ceil(size / 8)}
     */
    static int byteCount(long size) {
        return Math.toIntExact((size + 7) >>> 3);
    }

    /**
     * Returns an entry's uncompressed content: the header, then the packed bits.
     *
     * @param header the {@code .npy} header
     * @param words the mask words, weight {@code i} in bit {@code i % 64} of word {@code i / 64}
     * @param size the number of weights
     * @return the header followed by {@code byteCount(size)} bytes
     */
    static byte[] entry(byte[] header, long[] words, long size) {
        int bytes = byteCount(size);
        byte[] out = Arrays.copyOf(header, header.length + bytes);
        int full = bytes >>> 3;
        for (int i = 0; i < full; i++) {
            // Reversing the word puts weight 64i in the top bit; big-endian order then makes it
            // the high bit of the first byte, which is numpy.packbits' default bit order.
            LONGS_BE.set(out, header.length + (i << 3), Long.reverse(words[i]));
        }
        if (full << 3 < bytes) {
            long r = Long.reverse(words[full]);
            for (int k = 0; (full << 3) + k < bytes; k++) {
                out[header.length + (full << 3) + k] = (byte) (r >>> (56 - 8 * k));
            }
        }
        return out;
    }

    /**
     * Unpacks bytes in {@code numpy.packbits} order into mask words.
     *
     * @param packed the bytes, from {@code offset} on
     * @param offset where the payload starts
     * @param size the number of weights; the array holds {@code byteCount(size)} bytes from offset
     * @param words zeroed words to fill, {@code ceil(size / 64)} of them
     * @return {@code true} when no bit beyond the last weight is set
     */
    static boolean unpack(byte[] packed, int offset, long size, long[] words) {
        int bytes = byteCount(size);
        int full = bytes >>> 3;
        for (int i = 0; i < full; i++) {
            words[i] = Long.reverse((long) LONGS_BE.get(packed, offset + (i << 3)));
        }
        if (full << 3 < bytes) {
            long r = 0;
            for (int k = 0; (full << 3) + k < bytes; k++) {
                r |= (packed[offset + (full << 3) + k] & 0xffL) << (56 - 8 * k);
            }
            words[full] = Long.reverse(r);
        }
        int tail = (int) (size & 63);
        return tail == 0 || words.length == 0 || words[words.length - 1] >>> tail == 0;
    }

    /**
     * Returns the CRC-32 of content, as the zip entry records it.
     *
     * @param content the uncompressed bytes
     * @return the checksum
     */
    static long crc32(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return crc.getValue();
    }

    /**
     * Compresses entries one after another with one reusable Huffman-only deflater, made on first
     * use.
     */
    static final class Compressor implements AutoCloseable {

        private Deflater deflater;
        private byte[] out = new byte[1 << 16];
        private int length;

        /**
         * Compresses one entry's content into {@link #data()}.
         *
         * @param content the uncompressed bytes
         */
        void compress(byte[] content) {
            if (deflater == null) {
                deflater = new Deflater(Deflater.BEST_SPEED, true);
                deflater.setStrategy(Deflater.HUFFMAN_ONLY);
            }
            deflater.reset();
            deflater.setInput(content);
            deflater.finish();
            // Stored blocks cost 5 bytes per 64 KiB at worst, so this size needs no growing.
            int bound = content.length + 5 * (content.length / 65_535 + 1) + 64;
            if (out.length < bound) {
                out = new byte[bound];
            }
            length = 0;
            while (!deflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                length += deflater.deflate(out, length, out.length - length);
            }
        }

        /**
         * Returns the compressed bytes of the last entry; valid until the next call.
         *
         * @return the buffer, {@link #length()} bytes of it used
         */
        byte[] data() {
            return out;
        }

        /**
         * Returns the compressed length of the last entry.
         *
         * @return the number of bytes
         */
        int length() {
            return length;
        }

        @Override
        public void close() {
            if (deflater != null) {
                deflater.end();
            }
        }
    }
}

package io.ltq.mask;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.testng.annotations.Test;

/** The bit conversions against one-bit-at-a-time references, on aligned and unaligned ranges. */
public class MaskBitsTest {

    private static long[] randomWords(SplittableRandom r, int size) {
        long[] words = new long[(size + 63) >>> 6];
        for (int i = 0; i < size; i++) {
            if (r.nextBoolean()) {
                words[i >>> 6] |= 1L << i;
            }
        }
        return words;
    }

    private static boolean bit(long[] words, long i) {
        return (words[(int) (i >>> 6)] & (1L << i)) != 0;
    }

    @Test
    public void expandAndPackAreInverses() {
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 300; trial++) {
            int size = 1 + r.nextInt(1000);
            long[] words = randomWords(r, size);
            int from = trial % 3 == 0 ? 8 * r.nextInt(size / 8 + 1) : r.nextInt(size);
            int n = r.nextInt(size - from + 1);
            int off = r.nextInt(5);
            byte[] bytes = new byte[off + n + 3];
            Arrays.fill(bytes, (byte) 7);
            MaskBits.expand(words, from, bytes, off, n);
            for (int i = 0; i < n; i++) {
                assertEquals(bytes[off + i], bit(words, from + i) ? 1 : 0, "weight " + (from + i));
            }
            assertEquals(bytes[off + n], 7, "wrote past the range");
            long[] back = new long[words.length];
            assertTrue(MaskBits.pack(bytes, off, n, back, from));
            for (int i = 0; i < size; i++) {
                boolean inRange = i >= from && i < from + n;
                assertEquals(bit(back, i), inRange && bit(words, i), "weight " + i);
            }
        }
    }

    @Test
    public void packRejectsBytesOtherThanZeroAndOne() {
        for (int at = 0; at < 20; at++) {
            byte[] bytes = new byte[20];
            bytes[at] = (byte) (at % 2 == 0 ? 2 : 0x81);
            assertFalse(MaskBits.pack(bytes, 0, 20, new long[1], 0), "at " + at);
            assertFalse(MaskBits.pack(bytes, 0, 20, new long[1], 3), "at " + at + ", unaligned");
        }
    }

    @Test
    public void packbitsMatchNumpyOrder() {
        SplittableRandom r = new SplittableRandom(2);
        for (int trial = 0; trial < 300; trial++) {
            int size = 1 + r.nextInt(1000);
            long[] words = randomWords(r, size);
            int bytes = (size + 7) / 8;
            int from = trial % 3 == 0 ? 8 * r.nextInt(bytes / 8 + 1) : r.nextInt(bytes);
            int n = r.nextInt(bytes - from + 1);
            byte[] out = new byte[n + 2];
            MaskBits.toPackbits(words, from, out, 1, n);
            for (int k = 0; k < n; k++) {
                int expected = 0;
                for (int j = 0; j < 8; j++) {
                    long i = 8L * (from + k) + j;
                    if (i < size && bit(words, i)) {
                        expected |= 0x80 >>> j;
                    }
                }
                assertEquals(out[1 + k] & 0xff, expected, "byte " + (from + k));
            }
            long[] back = new long[words.length];
            MaskBits.fromPackbits(out, 1, n, back, from);
            for (int i = 0; i < size; i++) {
                boolean inRange = i >= 8L * from && i < 8L * (from + n);
                assertEquals(bit(back, i), inRange && bit(words, i), "weight " + i);
            }
        }
    }

    @Test
    public void maskCopiesBytesInChunks() {
        SplittableRandom r = new SplittableRandom(3);
        Mask m = Mask.fromWords(new long[] {7, 111}, randomWords(r, 777));
        byte[] whole = m.toByteArray();
        byte[] chunked = new byte[whole.length];
        for (int done = 0; done < whole.length; done += 100) {
            m.copyBytes(done, chunked, done, Math.min(100, whole.length - done));
        }
        assertEquals(chunked, whole);
        for (int i = 0; i < whole.length; i++) {
            assertEquals(whole[i], m.isKept(i) ? 1 : 0);
        }
        expectThrows(IndexOutOfBoundsException.class, () -> m.copyBytes(700, chunked, 0, 78));
        expectThrows(IndexOutOfBoundsException.class, () -> m.copyBytes(0, chunked, 700, 100));
    }
}

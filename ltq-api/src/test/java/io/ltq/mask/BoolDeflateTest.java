package io.ltq.mask;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.testng.annotations.Test;

public class BoolDeflateTest {

    /** Encodes, inflates with zlib and checks the bytes are the header then one 0/1 per bit. */
    private static int roundTrip(long[] words, int size) throws DataFormatException {
        byte[] header = NpzMasks.npyHeader(new long[] {size});
        long kept = 0;
        for (long w : words) {
            kept += Long.bitCount(w);
        }
        BoolDeflate.BitSink sink = new BoolDeflate.BitSink(16);
        BoolDeflate.encode(header, words, size, kept, sink);
        Inflater inf = new Inflater(true);
        inf.setInput(sink.array(), 0, sink.length());
        byte[] out = new byte[header.length + size + 16];
        int n = 0;
        while (!inf.finished()) {
            int got = inf.inflate(out, n, out.length - n);
            assertTrue(got > 0 || inf.finished(), "inflater stalled");
            n += got;
        }
        assertEquals(inf.getRemaining(), 0, "trailing bytes after the stream");
        inf.end();
        assertEquals(n, header.length + size);
        assertEquals(Arrays.copyOf(out, header.length), header);
        for (int i = 0; i < size; i++) {
            assertEquals(out[header.length + i], (byte) ((words[i >>> 6] >>> i) & 1), "weight " + i);
        }
        return sink.length();
    }

    @Test
    public void runLengthsOfEveryScale() throws DataFormatException {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 60; trial++) {
            int size = 1 + r.nextInt(70_000);
            long[] words = new long[(size + 63) >>> 6];
            // Geometric-ish run lengths from 1 to several thousand, both values.
            int i = 0;
            boolean v = r.nextBoolean();
            double scale = Math.pow(2, r.nextInt(13));
            while (i < size) {
                int len = 1 + (int) (-Math.log(1 - r.nextDouble()) * scale);
                for (int j = i; j < Math.min(size, i + len); j++) {
                    if (v) {
                        words[j >>> 6] |= 1L << j;
                    }
                }
                i += len;
                v = !v;
            }
            roundTrip(words, size);
        }
    }

    @Test
    public void extremeMasks() throws DataFormatException {
        for (int size : new int[] {1, 2, 3, 4, 63, 64, 65, 258, 259, 260, 261, 517, 100_000}) {
            long[] none = new long[(size + 63) >>> 6];
            long[] all = Mask.ones(size).toWords();
            roundTrip(none, size);
            roundTrip(all, size);
            long[] alternating = new long[none.length];
            for (int i = 0; i < size; i += 2) {
                alternating[i >>> 6] |= 1L << i;
            }
            roundTrip(alternating, size);
        }
        // One million zeros compress to a few kilobytes.
        assertTrue(roundTrip(new long[1 << 14], 1 << 20) < 6000);
    }

    @Test
    public void huffmanLengthsAreLimitedAndComplete() {
        // Fibonacci frequencies give the deepest possible tree.
        long[] freq = new long[40];
        freq[0] = 1;
        freq[1] = 1;
        for (int i = 2; i < freq.length; i++) {
            freq[i] = freq[i - 1] + freq[i - 2];
        }
        for (int max : new int[] {7, 15}) {
            int[] len = BoolDeflate.huffmanLengths(freq, max);
            double kraft = 0;
            for (int l : len) {
                assertTrue(l >= 1 && l <= max, Arrays.toString(len));
                kraft += Math.pow(2, -l);
            }
            assertEquals(kraft, 1.0, 1e-12);
        }
        int[] codes = BoolDeflate.canonicalCodes(new int[] {2, 1, 3, 3});
        // RFC 1951 example shape: B=0, A=10, C=110, D=111, stored bit-reversed.
        assertEquals(codes, new int[] {0b01, 0b0, 0b011, 0b111});
    }
}

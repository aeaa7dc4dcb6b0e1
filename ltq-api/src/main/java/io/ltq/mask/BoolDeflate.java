package io.ltq.mask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A DEFLATE (RFC 1951) encoder specialised for mask payloads: a short header followed by one
 * byte, 0 or 1, per weight, encoded straight from the packed bits.
 *
 * <p>{@link java.util.zip.Deflater} works on the expanded bytes and spends most of its time
 * looking for matches that do not pay on bit noise. Here the data can only hold two byte values,
 * so the encoder is a choice between two codings: literals alone (about 1.5 bits per weight at
 * 50% density, the least any DEFLATE Huffman code over bytes allows since the end-of-block symbol
 * needs room too) and runs of a repeated byte as distance-1 matches, which wins on sparse or dense
 * masks. The run-length threshold is picked by computing the exact coded size of each candidate
 * from one histogram of run lengths. The output is a standard stream that zlib, Java's {@link
 * java.util.zip.Inflater} and Python all read.
 */
final class BoolDeflate {

    /** Runs longer than this are tokenised directly instead of histogrammed. */
    private static final int RUN_CAP = 1024;
    /** Run-length thresholds tried for match coding; 3 is the shortest DEFLATE match. */
    private static final int[] THRESHOLDS = {3, 4, 5, 6, 7, 8, 10, 12, 16, 24, 32};
    /** No matches: literals only. */
    private static final int NO_MATCHES = Integer.MAX_VALUE;

    private static final int EOB = 256;
    private static final int LIT_SYMBOLS = 286;
    private static final int MAX_BITS = 15;
    private static final int MAX_CL_BITS = 7;
    private static final int[] CL_ORDER = {
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
    };

    /** For match length 3..258: its symbol, number of extra bits and extra value. */
    private static final int[] LEN_SYMBOL = new int[259];

    private static final int[] LEN_EXTRA_BITS = new int[259];
    private static final int[] LEN_EXTRA = new int[259];

    static {
        int[] base = {
            3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
            115, 131, 163, 195, 227, 258
        };
        int[] extra = {
            0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
        };
        for (int s = 0; s < base.length; s++) {
            int hi = s + 1 < base.length ? base[s + 1] - 1 : 258;
            if (s == base.length - 2) {
                hi = 257; // symbol 284 stops short of 258, which has its own symbol 285
            }
            for (int len = base[s]; len <= hi; len++) {
                LEN_SYMBOL[len] = 257 + s;
                LEN_EXTRA_BITS[len] = extra[s];
                LEN_EXTRA[len] = len - base[s];
            }
        }
    }

    private BoolDeflate() {}

    /**
     * Encodes {@code header} followed by one byte per bit of {@code words} as a complete raw
     * DEFLATE stream.
     *
     * @param header bytes stored as they are (at most 65535)
     * @param words the packed bits, bit {@code i % 64} of word {@code i / 64} is weight {@code i}
     * @param size the number of weights
     * @param kept the number of set bits
     * @param out where the stream goes
     */
    static void encode(byte[] header, long[] words, int size, long kept, BitSink out) {
        // The header goes into a stored block so that the Huffman code only covers 0 and 1.
        out.put(size == 0 ? 1 : 0, 1);
        out.put(0, 2);
        out.alignToByte();
        out.putShortLe(header.length);
        out.putShortLe(~header.length & 0xffff);
        out.putBytes(header);
        if (size == 0) {
            return;
        }
        Choice choice = choose(words, size, kept);
        int threshold = choice.threshold;
        int[] litLen = huffmanLengths(choice.freq, MAX_BITS);
        int[] litCode = canonicalCodes(litLen);
        // Two distance codes of one bit each make a complete code; only distance 1 is used.
        int[] distLen = {1, 1};
        int[] distCode = canonicalCodes(distLen);
        out.put(1, 1); // final block
        out.put(2, 2); // dynamic Huffman codes
        writeCodeLengths(litLen, distLen, out);
        if (threshold == NO_MATCHES) {
            emitLiterals(words, size, litLen, litCode, out);
        } else {
            emitRuns(words, size, threshold, litLen, litCode, distCode[0], distLen[0], out);
        }
        out.put(litCode[EOB], litLen[EOB]);
        out.alignToByte();
    }

    /** A coding: the run-length threshold for matches and the symbol frequencies it gives. */
    private record Choice(int threshold, long[] freq) {}

    /** Picks the cheaper of literal-only coding and run coding with the best threshold. */
    private static Choice choose(long[] words, int size, long kept) {
        Choice best = new Choice(NO_MATCHES, literalFrequencies(size, kept));
        double density = (double) kept / size;
        if (density > 0.3 && density < 0.7) {
            // Runs of three or more equal bytes are too rare here to pay for a match symbol.
            return best;
        }
        long bestBits = codedBits(best.freq, null, 0);
        RunStats runs = RunStats.of(words, size);
        for (int t : THRESHOLDS) {
            long[] freq = runs.frequencies(t);
            long bits = codedBits(freq, runs, t);
            if (bits < bestBits) {
                bestBits = bits;
                best = new Choice(t, freq);
            }
        }
        return best;
    }

    private static long[] literalFrequencies(int size, long kept) {
        long[] freq = new long[LIT_SYMBOLS];
        freq[0] = size - kept;
        freq[1] = kept;
        freq[EOB] = 1;
        return withBothLiterals(freq);
    }

    /** Both literals get a code even if unused, so that the code has at least three symbols. */
    private static long[] withBothLiterals(long[] freq) {
        freq[0] = Math.max(freq[0], 1);
        freq[1] = Math.max(freq[1], 1);
        return freq;
    }

    /** The payload size in bits for given frequencies: codes, extra bits and distance bits. */
    private static long codedBits(long[] freq, RunStats runs, int threshold) {
        int[] len = huffmanLengths(freq, MAX_BITS);
        long bits = 0;
        long matches = 0;
        for (int s = 0; s < LIT_SYMBOLS; s++) {
            bits += freq[s] * len[s];
            if (s > EOB) {
                matches += freq[s];
            }
        }
        // One distance bit per match, plus the extra length bits.
        return bits + matches + (runs == null ? 0 : runs.extraBits(threshold));
    }

    /**
     * Run-length statistics of a bit array: how many maximal runs of each value have each length,
     * with long runs kept apart since they always become matches.
     */
    private static final class RunStats {

        private final long[][] hist = new long[2][RUN_CAP];
        private final long[] longFreq = new long[LIT_SYMBOLS];
        private long longExtraBits;

        static RunStats of(long[] words, int size) {
            RunStats s = new RunStats();
            // Same walk over run boundaries as emitRuns; see there.
            int start = 0;
            int v = (int) words[0] & 1;
            long carry = v;
            int last = words.length - 1;
            for (int wi = 0; wi <= last; wi++) {
                long w = words[wi];
                long t = w ^ ((w << 1) | carry);
                carry = w >>> 63;
                if (wi == last && (size & 63) != 0) {
                    t &= (1L << size) - 1;
                }
                int base = wi << 6;
                while (t != 0) {
                    int p = base + Long.numberOfTrailingZeros(t);
                    t &= t - 1;
                    s.add(v, p - start);
                    start = p;
                    v ^= 1;
                }
            }
            s.add(v, size - start);
            return s;
        }

        private void add(int v, int r) {
            if (r < RUN_CAP) {
                hist[v][r]++;
            } else {
                longFreq[v]++;
                longExtraBits += addMatches(r - 1, longFreq, 1);
            }
        }

        /** Symbol frequencies when runs of {@code r - 1 >= threshold} repeats become matches. */
        long[] frequencies(int threshold) {
            long[] freq = longFreq.clone();
            for (int v = 0; v < 2; v++) {
                for (int r = 1; r < RUN_CAP; r++) {
                    long c = hist[v][r];
                    if (c == 0) {
                        continue;
                    }
                    freq[v] += c;
                    int rem = r - 1;
                    if (rem >= threshold) {
                        addMatches(rem, freq, c);
                    } else {
                        freq[v] += c * rem;
                    }
                }
            }
            freq[EOB] = 1;
            return withBothLiterals(freq);
        }

        long extraBits(int threshold) {
            long bits = longExtraBits;
            long[] scratch = new long[LIT_SYMBOLS];
            for (int v = 0; v < 2; v++) {
                for (int r = threshold + 1; r < RUN_CAP; r++) {
                    if (hist[v][r] != 0) {
                        bits += addMatches(r - 1, scratch, hist[v][r]);
                    }
                }
            }
            return bits;
        }
    }

    /**
     * Counts, {@code times} over, the match symbols that cover {@code rem >= 3} repeats (at most
     * 258 each and none shorter than 3), and returns their extra bits.
     */
    private static long addMatches(int rem, long[] freq, long times) {
        long extra = 0;
        while (rem > 0) {
            int len = matchLength(rem);
            freq[LEN_SYMBOL[len]] += times;
            extra += LEN_EXTRA_BITS[len] * times;
            rem -= len;
        }
        return extra;
    }

    /** The next match length when {@code rem >= 3} repeats are left; never leaves 1 or 2. */
    private static int matchLength(int rem) {
        if (rem <= 258) {
            return rem;
        }
        return rem - 258 >= 3 ? 258 : rem - 3;
    }

    private static void emitLiterals(long[] words, int size, int[] len, int[] code, BitSink out) {
        if (len[0] <= 8 && len[1] <= 8) {
            // Four weights at a time from a 16-entry table: at most 32 bits per put.
            int[] nibbleBits = new int[16];
            int[] nibbleLen = new int[16];
            for (int v = 0; v < 16; v++) {
                int bits = 0;
                int n = 0;
                for (int j = 0; j < 4; j++) {
                    int b = (v >>> j) & 1;
                    bits |= code[b] << n;
                    n += len[b];
                }
                nibbleBits[v] = bits;
                nibbleLen[v] = n;
            }
            int fullWords = size >>> 6;
            for (int wi = 0; wi < fullWords; wi++) {
                long w = words[wi];
                for (int s = 0; s < 64; s += 4) {
                    int v = (int) (w >>> s) & 15;
                    out.put(nibbleBits[v], nibbleLen[v]);
                }
            }
            for (int i = fullWords << 6; i < size; i++) {
                int b = (int) (words[i >>> 6] >>> i) & 1;
                out.put(code[b], len[b]);
            }
        } else {
            for (int i = 0; i < size; i++) {
                int b = (int) (words[i >>> 6] >>> i) & 1;
                out.put(code[b], len[b]);
            }
        }
    }

    /** Runs shorter than this are coded from a table, one put each. */
    private static final int SHORT_RUN = 64;

    private static void emitRuns(
            long[] words,
            int size,
            int threshold,
            int[] len,
            int[] code,
            int distCode,
            int distLen,
            BitSink out) {
        // Code of a whole short run (its first byte is a literal, the repeats are literals or one
        // match), or -1 where it would not fit the 32 bits of one put.
        int[][] runCode = new int[2][SHORT_RUN];
        int[][] runLen = new int[2][SHORT_RUN];
        for (int v = 0; v < 2; v++) {
            for (int r = 1; r < SHORT_RUN; r++) {
                long bits = code[v];
                int n = len[v];
                int rem = r - 1;
                if (rem >= threshold) {
                    int s = LEN_SYMBOL[rem];
                    bits |= (long) code[s] << n;
                    n += len[s];
                    bits |= (long) LEN_EXTRA[rem] << n;
                    n += LEN_EXTRA_BITS[rem];
                    bits |= (long) distCode << n;
                    n += distLen;
                } else {
                    for (int k = 0; k < rem && n <= 32; k++) {
                        bits |= (long) code[v] << n;
                        n += len[v];
                    }
                }
                runCode[v][r] = (int) bits;
                runLen[v][r] = n <= 32 ? n : -1;
            }
        }
        // Walks run boundaries a word at a time: bit p of t is set where weight p differs from
        // weight p - 1. The bit before weight 0 is taken equal to it, so weight 0 starts a run.
        int start = 0;
        int v = (int) words[0] & 1;
        long carry = v;
        int last = words.length - 1;
        for (int wi = 0; wi <= last; wi++) {
            long w = words[wi];
            long t = w ^ ((w << 1) | carry);
            carry = w >>> 63;
            if (wi == last && (size & 63) != 0) {
                t &= (1L << size) - 1; // ignore the zero padding after the last weight
            }
            int base = wi << 6;
            while (t != 0) {
                int p = base + Long.numberOfTrailingZeros(t);
                t &= t - 1;
                int r = p - start;
                if (r < SHORT_RUN && runLen[v][r] >= 0) {
                    out.put(runCode[v][r], runLen[v][r]);
                } else {
                    longRun(v, r, threshold, len, code, distCode, distLen, out);
                }
                start = p;
                v ^= 1;
            }
        }
        longRun(v, size - start, threshold, len, code, distCode, distLen, out);
    }

    private static void longRun(
            int v,
            int r,
            int threshold,
            int[] len,
            int[] code,
            int distCode,
            int distLen,
            BitSink out) {
        // The first byte of a run differs from the one before it, so it is a literal.
        out.put(code[v], len[v]);
        int rem = r - 1;
        if (rem >= threshold) {
            while (rem > 0) {
                int m = matchLength(rem);
                int s = LEN_SYMBOL[m];
                out.put(code[s], len[s]);
                out.put(LEN_EXTRA[m], LEN_EXTRA_BITS[m]);
                out.put(distCode, distLen);
                rem -= m;
            }
        } else {
            for (; rem > 0; rem--) {
                out.put(code[v], len[v]);
            }
        }
    }

    /** Writes HLIT, HDIST, HCLEN and the run-length coded code lengths of both codes. */
    private static void writeCodeLengths(int[] litLen, int[] distLen, BitSink out) {
        int hlit = LIT_SYMBOLS;
        while (hlit > 257 && litLen[hlit - 1] == 0) {
            hlit--;
        }
        int[] all = new int[hlit + distLen.length];
        System.arraycopy(litLen, 0, all, 0, hlit);
        System.arraycopy(distLen, 0, all, hlit, distLen.length);
        // Tokens: code length symbol in the low 5 bits, extra value above.
        List<int[]> tokens = new ArrayList<>();
        long[] clFreq = new long[19];
        for (int i = 0; i < all.length; ) {
            int l = all[i];
            int run = 1;
            while (i + run < all.length && all[i + run] == l) {
                run++;
            }
            i += run;
            if (l == 0) {
                while (run >= 11) {
                    int k = Math.min(run, 138);
                    tokens.add(new int[] {18, k - 11, 7});
                    run -= k;
                }
                if (run >= 3) {
                    tokens.add(new int[] {17, run - 3, 3});
                    run = 0;
                }
            } else {
                tokens.add(new int[] {l, 0, 0});
                run--;
                while (run >= 3) {
                    int k = Math.min(run, 6);
                    tokens.add(new int[] {16, k - 3, 2});
                    run -= k;
                }
            }
            for (; run > 0; run--) {
                tokens.add(new int[] {l, 0, 0});
            }
        }
        for (int[] t : tokens) {
            clFreq[t[0]]++;
        }
        int[] clLen = huffmanLengths(ensureTwo(clFreq), MAX_CL_BITS);
        int[] clCode = canonicalCodes(clLen);
        int hclen = 19;
        while (hclen > 4 && clLen[CL_ORDER[hclen - 1]] == 0) {
            hclen--;
        }
        out.put(hlit - 257, 5);
        out.put(distLen.length - 1, 5);
        out.put(hclen - 4, 4);
        for (int i = 0; i < hclen; i++) {
            out.put(clLen[CL_ORDER[i]], 3);
        }
        for (int[] t : tokens) {
            out.put(clCode[t[0]], clLen[t[0]]);
            out.put(t[1], t[2]);
        }
    }

    /** A prefix code needs two symbols to be complete; lend an unused one a count of 1. */
    private static long[] ensureTwo(long[] freq) {
        int used = 0;
        for (long f : freq) {
            if (f > 0) {
                used++;
            }
        }
        for (int s = 0; used < 2 && s < freq.length; s++) {
            if (freq[s] == 0) {
                freq[s] = 1;
                used++;
            }
        }
        return freq;
    }

    /**
     * Huffman code lengths for the given frequencies, none longer than {@code maxBits}; symbols
     * of frequency 0 get length 0. Needs at least two used symbols. When the optimal tree is too
     * deep, the frequencies are flattened (halved, kept positive) until it fits.
     */
    static int[] huffmanLengths(long[] freq, int maxBits) {
        long[] f = freq.clone();
        while (true) {
            int[] len = treeDepths(f);
            int max = 0;
            for (int l : len) {
                max = Math.max(max, l);
            }
            if (max <= maxBits) {
                return len;
            }
            for (int s = 0; s < f.length; s++) {
                if (f[s] > 0) {
                    f[s] = Math.max(1, f[s] >>> 1);
                }
            }
        }
    }

    private static int[] treeDepths(long[] freq) {
        int n = freq.length;
        // Nodes 0..n-1 are leaves, later ones internal; parent links give the depths.
        int[] parent = new int[2 * n];
        long[] weight = new long[2 * n];
        PriorityQueue<Integer> queue =
                new PriorityQueue<>(
                        (a, b) ->
                                weight[a] != weight[b]
                                        ? Long.compare(weight[a], weight[b])
                                        : a - b);
        for (int s = 0; s < n; s++) {
            if (freq[s] > 0) {
                weight[s] = freq[s];
                queue.add(s);
            }
        }
        int next = n;
        while (queue.size() > 1) {
            int a = queue.poll();
            int b = queue.poll();
            weight[next] = weight[a] + weight[b];
            parent[a] = next;
            parent[b] = next;
            queue.add(next++);
        }
        int root = next - 1;
        int[] len = new int[n];
        for (int s = 0; s < n; s++) {
            if (freq[s] > 0) {
                int d = 0;
                for (int x = s; x != root; x = parent[x]) {
                    d++;
                }
                len[s] = d;
            }
        }
        return len;
    }

    /**
     * Canonical codes (RFC 1951 section 3.2.2) from lengths, bit-reversed because DEFLATE packs
     * Huffman codes starting from their most significant bit into a least-significant-first
     * stream.
     */
    static int[] canonicalCodes(int[] len) {
        int[] count = new int[MAX_BITS + 1];
        for (int l : len) {
            count[l]++;
        }
        count[0] = 0;
        int[] next = new int[MAX_BITS + 2];
        int code = 0;
        for (int bits = 1; bits <= MAX_BITS; bits++) {
            code = (code + count[bits - 1]) << 1;
            next[bits] = code;
        }
        int[] out = new int[len.length];
        for (int s = 0; s < len.length; s++) {
            if (len[s] != 0) {
                out[s] = Integer.reverse(next[len[s]]++) >>> (32 - len[s]);
            }
        }
        return out;
    }

    /** A growable byte buffer written least-significant bit first, as DEFLATE wants. */
    static final class BitSink {

        private byte[] buf;
        private int pos;
        private long acc;
        private int bits;

        BitSink(int capacity) {
            buf = new byte[Math.max(64, capacity)];
        }

        /** Appends the low {@code n <= 32} bits of {@code value}. */
        void put(int value, int n) {
            acc |= (value & 0xffffffffL) << bits;
            bits += n;
            if (bits >= 32) {
                ensure(4);
                buf[pos] = (byte) acc;
                buf[pos + 1] = (byte) (acc >>> 8);
                buf[pos + 2] = (byte) (acc >>> 16);
                buf[pos + 3] = (byte) (acc >>> 24);
                pos += 4;
                acc >>>= 32;
                bits -= 32;
            }
        }

        /** Pads with zero bits to the next byte boundary and writes out the pending bits. */
        void alignToByte() {
            while (bits > 0) {
                ensure(1);
                buf[pos++] = (byte) acc;
                acc >>>= 8;
                bits = Math.max(0, bits - 8);
            }
            acc = 0;
        }

        void putShortLe(int v) {
            put(v & 0xffff, 16);
        }

        /** Appends whole bytes; the stream must be byte-aligned. */
        void putBytes(byte[] b) {
            alignToByte();
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        /** The number of complete bytes written; call {@link #alignToByte()} first. */
        int length() {
            return pos;
        }

        byte[] array() {
            return buf;
        }

        void reset() {
            pos = 0;
            acc = 0;
            bits = 0;
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }
    }
}

package io.ltq.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;

/**
 * The header of a NumPy {@code .npy} array, format version 1.0, as {@code numpy.save} writes it:
 * the magic {@code \x93NUMPY}, the version bytes 1 and 0, a little-endian 16-bit length, then a
 * Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }} padded
 * with spaces and ended by a newline so that the data starts at a multiple of 64 bytes. The data
 * (C order unless {@code fortran_order}) follows the header.
 *
 * <p>{@link Float32Npz} and {@code io.ltq.mask.NpzMasks} write and read their entries' headers
 * here, and name and date their {@code .npz} entries with {@link #zipEntry(String)}.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Magic, version and length. */
    private static final int PREAMBLE = MAGIC.length + 4;
    private static final int ALIGNMENT = 64;
    /**
     * The time of every {@code .npz} entry: 1980-01-01 00:00:02, next to numpy.savez's
     * 00:00:00, which {@link ZipEntry} would record with an extended timestamp computed in the
     * default time zone, so that the bytes would depend on the machine.
     */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0, 2);

    private Npy() {}

    /**
     * The three keys of a header's dict.
     *
     * @param descr the dtype, e.g. {@code '<f4'} or {@code '|b1'}
     * @param fortranOrder whether the data is in column-major order
     * @param shape the dimensions; empty for a scalar
     */
    public record Header(String descr, boolean fortranOrder, long[] shape) {

        /** Copies the shape, so that the header is immutable. */
        public Header {
            shape = shape.clone();
        }

        /**
         * Returns the dimensions.
         *
         * @return a copy of the shape
         */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /**
         * Returns whether the header describes a C-order array of this dtype and shape.
         *
         * @param dtype the expected {@code descr}
         * @param dims the expected shape
         * @return {@code true} when {@code descr} and shape are equal and the order is C
         */
        public boolean is(String dtype, long[] dims) {
            return descr.equals(dtype) && !fortranOrder && Arrays.equals(shape, dims);
        }
    }

    /**
     * Returns the ZIP entry of an array in an {@code .npz} archive: {@code name + ".npy"},
     * carrying a fixed time and no extra field, so that equal arrays give equal bytes on every
     * machine and in every time zone.
     *
     * @param name the array's name, as {@code numpy.load(file)[name]} finds it
     * @return a new entry; its method, sizes and comment are left to the caller
     */
    public static ZipEntry zipEntry(String name) {
        ZipEntry entry = new ZipEntry(name + ".npy");
        entry.setTimeLocal(ENTRY_TIME);
        return entry;
    }

    /**
     * Returns the header of a C-order array.
     *
     * @param descr the dtype, e.g. {@code '<f4'} for little-endian float32, {@code '|b1'} for
     *     bool, {@code '|u1'} for uint8
     * @param shape the dimensions, none negative; empty for a scalar
     * @return the header bytes, a multiple of 64 long
     * @throws IllegalArgumentException when the header would not fit version 1.0's 16-bit length
     */
    public static byte[] header(String descr, long[] shape) {
        StringBuilder dict =
                new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        // A 1-tuple needs its trailing comma in Python.
        dict.append(shape.length == 1 ? ",), }" : "), }");
        int unpadded = PREAMBLE + dict.length() + 1;
        dict.append(" ".repeat((ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        if (text.length > 0xffff) {
            throw new IllegalArgumentException(
                    "An .npy header of " + shape.length + " dimensions does not fit version 1.0.");
        }
        byte[] out = Arrays.copyOf(MAGIC, PREAMBLE + text.length);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) text.length;
        out[9] = (byte) (text.length >>> 8);
        System.arraycopy(text, 0, out, PREAMBLE, text.length);
        return out;
    }

    /**
     * Reads a version 1.0 header from the start of an array, leaving the stream at its data.
     *
     * @param in the stream, at the first byte of the {@code .npy} content
     * @return the header
     * @throws IllegalArgumentException when the bytes are not a version 1.0 header; the message
     *     is a predicate to put after the array's name, such as {@code "has a bad .npy header:
     *     expected ','"}
     * @throws IOException when reading fails
     */
    public static Header readHeader(InputStream in) throws IOException {
        byte[] pre = in.readNBytes(PREAMBLE);
        if (pre.length < PREAMBLE) {
            throw new IllegalArgumentException("is too short for an .npy header");
        }
        if (!Arrays.equals(pre, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("does not start like an .npy file");
        }
        if (pre[6] != 1 || pre[7] != 0) {
            throw new IllegalArgumentException(
                    "is .npy version " + pre[6] + "." + pre[7] + ", not 1.0");
        }
        int len = (pre[8] & 0xff) | (pre[9] & 0xff) << 8;
        byte[] dict = in.readNBytes(len);
        if (dict.length < len || len == 0 || dict[len - 1] != '\n') {
            throw new IllegalArgumentException("has a truncated .npy header");
        }
        try {
            return new DictParser(new String(dict, 0, len - 1, StandardCharsets.ISO_8859_1))
                    .parse();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a bad .npy header: " + e.getMessage(), e);
        }
    }

    /** A parser of the header's Python dict literal: string keys, strings, booleans, tuples. */
    private static final class DictParser {

        private final String s;
        private int pos;

        DictParser(String s) {
            this.s = s;
        }

        Header parse() {
            String descr = null;
            Boolean fortranOrder = null;
            long[] shape = null;
            space();
            expect('{');
            Set<String> keys = new HashSet<>();
            while (true) {
                space();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                String key = str();
                if (!keys.add(key)) {
                    throw new IllegalArgumentException("repeated key " + key);
                }
                space();
                expect(':');
                space();
                switch (key) {
                    case "descr" -> descr = str();
                    case "fortran_order" -> fortranOrder = bool();
                    case "shape" -> shape = tuple();
                    default -> throw new IllegalArgumentException("unknown key " + key);
                }
                space();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected ',' or '}'");
                }
            }
            space();
            if (pos != s.length()) {
                throw new IllegalArgumentException("text after the dict");
            }
            if (descr == null || fortranOrder == null || shape == null) {
                throw new IllegalArgumentException("missing 'descr', 'fortran_order' or 'shape'");
            }
            return new Header(descr, fortranOrder, shape);
        }

        private String str() {
            char q = peek();
            if (q != '\'' && q != '"') {
                throw new IllegalArgumentException("expected a string");
            }
            int end = s.indexOf(q, pos + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated string");
            }
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }

        private boolean bool() {
            if (s.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw new IllegalArgumentException("expected True or False");
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (true) {
                space();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                int start = pos;
                while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                    pos++;
                }
                if (start == pos || pos - start > 18) {
                    throw new IllegalArgumentException("expected a dimension");
                }
                dims.add(Long.parseLong(s.substring(start, pos)));
                space();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != ')') {
                    throw new IllegalArgumentException("expected ',' or ')'");
                }
            }
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private void space() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "'");
            }
            pos++;
        }
    }
}

package io.ltq.mask;

import io.ltq.files.AtomicFiles;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads and writes a {@link MaskSet} as a NumPy {@code .npz} file, so that masks can be inspected
 * with {@code numpy.load(path)} as well as reloaded here.
 *
 * <p>The file is a ZIP archive holding, in mask-set order, one DEFLATE-compressed entry {@code
 * <parameter path>.npy} per tensor, in one of two layouts ({@link MaskFormat}):
 *
 * <ul>
 *   <li>{@link MaskFormat#BOOL}, the default: an {@code .npy} version 1.0 array of dtype {@code
 *       |b1} (bool) in C order and the tensor's shape, one byte 0 or 1 per weight;
 *   <li>{@link MaskFormat#PACKED}: a one-dimensional {@code |u1} array of {@code ceil(n / 8)}
 *       bytes in {@code numpy.packbits} order, which {@code numpy.unpackbits(a,
 *       count=n).reshape(shape).astype(bool)} turns into the mask.
 * </ul>
 *
 * <p>A last entry, {@value #MANIFEST_ENTRY}, is a JSON document with the format name and version
 * (1 for bool entries, 2 with {@code "encoding": "packbits"} for packed ones, so that a reader
 * that only knows version 1 refuses a packed file by name) and, for each tensor, its name, entry,
 * shape, kept count and the SHA-256 of its bits packed eight to a byte, first weight in the lowest
 * bit (what {@code numpy.packbits(mask.ravel(), bitorder='little')} gives). {@link #read(Path)}
 * detects the layout from the manifest and checks every tensor against it, so a damaged or altered
 * file is detected even where the ZIP checksums were recomputed.
 *
 * <p>Bool payloads are compressed straight from the packed bits by an encoder made for 0/1 bytes
 * (literal coding near 50% density, run coding for sparse or dense masks), which is several times
 * faster than {@link Deflater} and smaller on sparse masks. A random mask of 50% density takes
 * about 0.19 bytes per weight: a DEFLATE Huffman code cannot spend less than 1.5 bits on a byte
 * that is an unpredictable 0 or 1 (the end-of-block symbol needs a code too), and matches only
 * pay on such noise at zlib's slowest settings. At 5% density it takes about 0.06 bytes per
 * weight. Packed payloads are Huffman-coded by zlib ({@link PackedBits}): 0.125 bytes per weight
 * at 50% density, about 0.04 at 5%. Equal masks give byte-identical files.
 *
 * <p>Writes are atomic: the archive is written to a temporary file beside the target, forced to
 * disk and renamed over it, so a crash never leaves a partial file under the target name.
 */
public final class NpzMasks {

    /** The name of the manifest entry. */
    public static final String MANIFEST_ENTRY = "ltq_manifest.json";

    /** The format name stored in the manifest. */
    public static final String FORMAT = "ltq-masks";

    /**
     * The newest format version this LTQ reads: 1 (bool entries) or 2 (packed entries). Files of
     * a higher version are refused.
     */
    public static final int FORMAT_VERSION = 2;

    /** The manifest's {@code encoding} of packed entries (version 2). */
    static final String PACKBITS = "packbits";

    private static final String BOOL_DESCR = "|b1";
    private static final String PACKED_DESCR = "|u1";
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Values per I/O chunk; a multiple of 64 so that chunks start on a word. */
    private static final int CHUNK = 1 << 16;
    /** Entries larger than this cannot be a manifest of ours. */
    private static final int MAX_MANIFEST_BYTES = 64 << 20;

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** For each byte of mask bits, the eight 0/1 bytes it becomes, as one little-endian long. */
    private static final long[] SPREAD = new long[256];

    static {
        for (int v = 0; v < 256; v++) {
            long x = 0;
            for (int j = 0; j < 8; j++) {
                x |= (long) ((v >>> j) & 1) << (8 * j);
            }
            SPREAD[v] = x;
        }
    }

    private NpzMasks() {}

    /**
     * Writes masks to a file, atomically replacing any file of that name. Missing parent folders
     * are created.
     *
     * @param file the {@code .npz} file
     * @param masks the masks
     * @throws IOException when writing fails; the target is then left as it was and the
     *     temporary file is removed
     * @throws IllegalArgumentException when a parameter path is not valid Unicode text
     */
    public static void write(Path file, MaskSet masks) throws IOException {
        write(file, masks, MaskFormat.BOOL);
    }

    /**
     * Writes masks to a file in the given layout, atomically replacing any file of that name.
     * Missing parent folders are created. {@link #read(Path)} reads either layout.
     *
     * @param file the {@code .npz} file
     * @param masks the masks
     * @param format {@link MaskFormat#BOOL} for arrays {@code numpy.load} returns as masks, or
     *     {@link MaskFormat#PACKED} for smaller, faster files
     * @throws IOException when writing fails; the target is then left as it was and the
     *     temporary file is removed
     * @throws IllegalArgumentException when a parameter path is not valid Unicode text
     */
    public static void write(Path file, MaskSet masks, MaskFormat format) throws IOException {
        Objects.requireNonNull(masks, "masks");
        Objects.requireNonNull(format, "format");
        AtomicFiles.write(file, out -> writeArchive(new ZipWriter(out), masks, format));
    }

    /**
     * Reads masks written by {@link #write(Path, MaskSet)}.
     *
     * @param file the {@code .npz} file
     * @return the masks, in the order they were written
     * @throws NoSuchFileException when the file does not exist
     * @throws CorruptMaskException when the file is truncated, altered, not an archive of ours, or
     *     disagrees with its manifest
     * @throws IOException when reading fails otherwise
     */
    public static MaskSet read(Path file) throws IOException {
        return read(file, "delete it and save the masks again");
    }

    /**
     * Reads masks, with the fix to suggest in a {@link CorruptMaskException}.
     *
     * @param fix what the user should do, without a final period
     */
    static MaskSet read(Path file, String fix) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return readArchive(zip);
        } catch (Damage e) {
            throw corrupt(file, e.getMessage(), fix, e.getCause());
        } catch (ZipException | EOFException e) {
            // From opening a file that is no zip or lost its end, or from the inflater.
            throw corrupt(file, "truncated or altered: " + clean(e.getMessage()), fix, e);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw corrupt(file, clean(e.getMessage()), fix, e);
        }
    }

    private static CorruptMaskException corrupt(
            Path file, String what, String fix, Throwable cause) {
        return new CorruptMaskException(
                "Mask file " + file + " is damaged (" + what + "); " + fix + ".", cause);
    }

    private static String clean(String message) {
        if (message == null) {
            return "no detail";
        }
        String m = message.strip();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    // ---------------------------------------------------------------------------------------
    // Writing

    private static void writeArchive(ZipWriter zip, MaskSet masks, MaskFormat format)
            throws IOException {
        boolean packBits = format == MaskFormat.PACKED;
        byte[] buf = new byte[CHUNK];
        BoolDeflate.BitSink sink = new BoolDeflate.BitSink(CHUNK);
        StringBuilder manifest = new StringBuilder();
        manifest.append("{\n  \"format\": ").append(MiniJson.quote(FORMAT)).append(",\n");
        // Bool files stay version 1, readable by every LTQ release; packed ones need a reader
        // that knows the encoding.
        manifest.append("  \"version\": ").append(packBits ? 2 : 1).append(",\n");
        if (packBits) {
            manifest.append("  \"encoding\": ").append(MiniJson.quote(PACKBITS)).append(",\n");
            manifest.append("  \"unpack\": ")
                    .append(MiniJson.quote(
                            "numpy.unpackbits(a, count=prod(shape)).reshape(shape).astype(bool)"))
                    .append(",\n");
        }
        manifest.append("  \"checksum\": ")
                .append(MiniJson.quote(
                        "sha256 of the bits packed 8 per byte, first weight in the lowest bit:"
                                + " numpy.packbits(mask.ravel(), bitorder='little')"))
                .append(",\n");
        manifest.append("  \"tensors\": [");
        boolean first = true;
        try (PackedBits.Compressor compressor = new PackedBits.Compressor()) {
            for (Map.Entry<String, Mask> e : masks.asMap().entrySet()) {
                String name = e.getKey();
                Mask mask = e.getValue();
                long[] words = mask.toWords();
                int size = Math.toIntExact(mask.size());
                String entry = name + ".npy";
                byte[] utf8 = entry.getBytes(StandardCharsets.UTF_8);
                if (!new String(utf8, StandardCharsets.UTF_8).equals(entry)) {
                    // A lone surrogate would be written as '?'; the file could not be read back.
                    throw new IllegalArgumentException(
                            "Parameter path " + name + " is not valid Unicode text: rename the"
                                    + " parameter.");
                }
                if (packBits) {
                    long[] packedShape = {PackedBits.byteCount(size)};
                    byte[] content =
                            PackedBits.entry(npyHeader(PACKED_DESCR, packedShape), words, size);
                    compressor.compress(content);
                    zip.add(entry, compressor.data(), compressor.length(),
                            PackedBits.crc32(content), content.length);
                } else {
                    byte[] header = npyHeader(mask.getShape());
                    sink.reset();
                    BoolDeflate.encode(header, words, size, mask.countKept(), sink);
                    zip.add(entry, sink.array(), sink.length(), crc32(header, words, size, buf),
                            header.length + (long) size);
                }

                manifest.append(first ? "\n" : ",\n");
                first = false;
                manifest.append("    {\"name\": ").append(MiniJson.quote(name));
                manifest.append(", \"entry\": ").append(MiniJson.quote(entry));
                manifest.append(", \"shape\": [");
                long[] shape = mask.getShape();
                for (int i = 0; i < shape.length; i++) {
                    manifest.append(i == 0 ? "" : ", ").append(shape[i]);
                }
                manifest.append("], \"kept\": ").append(mask.countKept());
                manifest.append(", \"sha256\": \"").append(sha256(words, size)).append("\"}");
            }
        }
        manifest.append(first ? "]\n}\n" : "\n  ]\n}\n");
        byte[] text = manifest.toString().getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(text);
            deflater.finish();
            byte[] packed = new byte[text.length + 64];
            int n = 0;
            while (!deflater.finished()) {
                if (n == packed.length) {
                    packed = Arrays.copyOf(packed, packed.length * 2);
                }
                n += deflater.deflate(packed, n, packed.length - n);
            }
            CRC32 crc = new CRC32();
            crc.update(text);
            zip.add(MANIFEST_ENTRY, packed, n, crc.getValue(), text.length);
        } finally {
            deflater.end();
        }
        zip.finish();
    }

    /** CRC-32 of the uncompressed entry: the header, then one byte per weight. */
    private static long crc32(byte[] header, long[] words, int size, byte[] buf) {
        CRC32 crc = new CRC32();
        crc.update(header);
        for (int done = 0; done < size; ) {
            int n = Math.min(CHUNK, size - done);
            expand(words, done, n, buf);
            crc.update(buf, 0, n);
            done += n;
        }
        return crc.getValue();
    }

    /** The .npy header of a bool array of this shape. */
    static byte[] npyHeader(long[] shape) {
        return npyHeader(BOOL_DESCR, shape);
    }

    /** The .npy v1.0 header: magic, version, length, dict padded to a multiple of 64 bytes. */
    static byte[] npyHeader(String descr, long[] shape) {
        StringBuilder dict =
                new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        // A 1-tuple needs its trailing comma in Python.
        dict.append(shape.length == 1 ? ",), }" : "), }");
        int unpadded = NPY_MAGIC.length + 4 + dict.length() + 1;
        dict.append(" ".repeat((64 - unpadded % 64) % 64)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[NPY_MAGIC.length + 4 + text.length];
        System.arraycopy(NPY_MAGIC, 0, out, 0, NPY_MAGIC.length);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) text.length;
        out[9] = (byte) (text.length >>> 8);
        System.arraycopy(text, 0, out, 10, text.length);
        return out;
    }

    /** Expands weights [from, from + n) to a byte each; {@code from} is a multiple of 64. */
    private static void expand(long[] words, int from, int n, byte[] buf) {
        int full = n >>> 3;
        for (int b = 0; b < full; b++) {
            int bit = from + (b << 3);
            int v = (int) (words[bit >>> 6] >>> (bit & 63)) & 0xff;
            LONGS.set(buf, b << 3, SPREAD[v]);
        }
        for (int i = full << 3; i < n; i++) {
            int bit = from + i;
            buf[i] = (byte) ((words[bit >>> 6] >>> bit) & 1);
        }
    }

    /** SHA-256 of the first ceil(size / 8) bytes of the words in little-endian order. */
    static String sha256(long[] words, long size) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256.", e);
        }
        long bytes = (size + 7) >>> 3;
        byte[] buf = new byte[8192];
        long fed = 0;
        int wi = 0;
        while (fed < bytes) {
            int n = 0;
            while (n < buf.length && wi < words.length) {
                LONGS.set(buf, n, words[wi++]);
                n += 8;
            }
            int take = (int) Math.min(n, bytes - fed);
            md.update(buf, 0, take);
            fed += take;
        }
        return HexFormat.of().formatHex(md.digest());
    }

    // ---------------------------------------------------------------------------------------
    // Reading

    /** A problem found in the file; its message is the detail for the CorruptMaskException. */
    private static final class Damage extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Damage(String message) {
            super(message, null, false, false);
        }
    }

    private record TensorInfo(String name, String entry, long[] shape, long kept, String sha256) {}

    private static MaskSet readArchive(ZipFile zip) throws IOException {
        ZipEntry me = zip.getEntry(MANIFEST_ENTRY);
        if (me == null) {
            throw new Damage("no " + MANIFEST_ENTRY + " entry, so it is not a mask file of LTQ");
        }
        Object manifest = parseJson(readManifest(zip, me));
        boolean packed = readEncoding(manifest) == MaskFormat.PACKED;
        List<TensorInfo> tensors = parseTensors(manifest);
        Set<String> expected = new HashSet<>();
        expected.add(MANIFEST_ENTRY);
        for (TensorInfo t : tensors) {
            expected.add(t.entry);
        }
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            String n = all.nextElement().getName();
            if (!expected.contains(n)) {
                throw new Damage("entry '" + n + "' is not listed in " + MANIFEST_ENTRY);
            }
        }
        byte[] buf = new byte[CHUNK];
        Map<String, Mask> out = new LinkedHashMap<>();
        for (TensorInfo t : tensors) {
            ZipEntry ze = zip.getEntry(t.entry);
            if (ze == null) {
                throw new Damage(
                        "entry '" + t.entry + "' listed in " + MANIFEST_ENTRY + " is missing");
            }
            long size = Mask.sizeOf(t.shape);
            if (size > Integer.MAX_VALUE) {
                throw new Damage("tensor '" + t.name + "' is too large");
            }
            long[] words = new long[(int) ((size + 63) >>> 6)];
            try (InputStream in = zip.getInputStream(ze)) {
                if (packed) {
                    readNpyHeader(in, t, PACKED_DESCR, new long[] {PackedBits.byteCount(size)});
                    readPackedPayload(in, words, size, t);
                } else {
                    readNpyHeader(in, t, BOOL_DESCR, t.shape);
                    readPayload(in, words, (int) size, buf, t);
                }
            }
            Mask mask = Mask.fromWords(t.shape, words);
            if (mask.countKept() != t.kept || !sha256(words, size).equals(t.sha256)) {
                throw new Damage(
                        "tensor '" + t.name + "' does not match its checksum in " + MANIFEST_ENTRY
                                + ", so its bits were altered");
            }
            out.put(t.name, mask);
        }
        return MaskSet.of(out);
    }

    private static String readManifest(ZipFile zip, ZipEntry me) throws IOException {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(me)) {
            bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        }
        if (bytes.length > MAX_MANIFEST_BYTES) {
            throw new Damage(MANIFEST_ENTRY + " is implausibly large");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Damage(MANIFEST_ENTRY + " is not valid UTF-8");
        }
    }

    private static Object parseJson(String text) {
        try {
            return MiniJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Damage(MANIFEST_ENTRY + " is not valid JSON: " + e.getMessage());
        }
    }

    /** The layout the manifest declares: version 1 is bool, version 2 names its encoding. */
    private static MaskFormat readEncoding(Object root) {
        Map<?, ?> doc = as(Map.class, root, "the document");
        if (!FORMAT.equals(doc.get("format"))) {
            throw new Damage(MANIFEST_ENTRY + " does not name the format " + FORMAT);
        }
        long version = as(Long.class, doc.get("version"), "version");
        if (version < 1 || version > FORMAT_VERSION) {
            throw new Damage(
                    "format version " + version + " is not one this LTQ reads (1 to "
                            + FORMAT_VERSION + ")");
        }
        if (version == 1) {
            return MaskFormat.BOOL;
        }
        String encoding = as(String.class, doc.get("encoding"), "encoding");
        if (!encoding.equals(PACKBITS)) {
            throw new Damage(MANIFEST_ENTRY + " names an unknown encoding '" + encoding + "'");
        }
        return MaskFormat.PACKED;
    }

    private static List<TensorInfo> parseTensors(Object root) {
        Map<?, ?> doc = (Map<?, ?>) root;
        List<TensorInfo> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Object o : as(List.class, doc.get("tensors"), "tensors")) {
            Map<?, ?> t = as(Map.class, o, "a tensor");
            String name = as(String.class, t.get("name"), "name");
            String entry = as(String.class, t.get("entry"), "entry");
            if (!entry.equals(name + ".npy") || !names.add(name)) {
                throw new Damage(MANIFEST_ENTRY + " lists tensor '" + name + "' wrongly");
            }
            List<?> dims = as(List.class, t.get("shape"), "shape");
            long[] shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = as(Long.class, dims.get(i), "shape");
                if (shape[i] < 0) {
                    throw new Damage(
                            MANIFEST_ENTRY + " gives tensor '" + name + "' a negative size");
                }
            }
            long kept = as(Long.class, t.get("kept"), "kept");
            String sha = as(String.class, t.get("sha256"), "sha256");
            out.add(new TensorInfo(name, entry, shape, kept, sha));
        }
        return out;
    }

    private static <T> T as(Class<T> type, Object value, String what) {
        if (!type.isInstance(value)) {
            throw new Damage(MANIFEST_ENTRY + " has a missing or malformed '" + what + "'");
        }
        return type.cast(value);
    }

    private static void readNpyHeader(InputStream in, TensorInfo t, String descr, long[] shape)
            throws IOException {
        byte[] pre = in.readNBytes(10);
        if (pre.length < 10) {
            throw new Damage("entry '" + t.entry + "' is too short for an .npy header");
        }
        for (int i = 0; i < NPY_MAGIC.length; i++) {
            if (pre[i] != NPY_MAGIC[i]) {
                throw new Damage("entry '" + t.entry + "' does not start like an .npy file");
            }
        }
        int len;
        if (pre[6] == 1 && pre[7] == 0) {
            len = (pre[8] & 0xff) | (pre[9] & 0xff) << 8;
        } else {
            throw new Damage(
                    "entry '" + t.entry + "' is .npy version " + pre[6] + "." + pre[7]
                            + ", not 1.0");
        }
        byte[] header = in.readNBytes(len);
        if (header.length < len || len == 0 || header[len - 1] != '\n') {
            throw new Damage("entry '" + t.entry + "' has a truncated .npy header");
        }
        NpyHeader h;
        try {
            h = NpyHeader.parse(new String(header, 0, len - 1, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            throw new Damage("entry '" + t.entry + "' has a bad .npy header: " + e.getMessage());
        }
        if (!descr.equals(h.descr) || h.fortranOrder || !Arrays.equals(h.shape, shape)) {
            throw new Damage(
                    "entry '" + t.entry + "' is not a C-order "
                            + (descr.equals(BOOL_DESCR) ? "bool" : "packed uint8")
                            + " array of shape " + Arrays.toString(shape));
        }
    }

    /** Reads the packbits bytes of one tensor into words. */
    private static void readPackedPayload(InputStream in, long[] words, long size, TensorInfo t)
            throws IOException {
        int bytes = PackedBits.byteCount(size);
        byte[] packed = in.readNBytes(bytes);
        if (packed.length < bytes) {
            throw new Damage("entry '" + t.entry + "' holds fewer bytes than its shape needs");
        }
        if (in.read() != -1) {
            throw new Damage("entry '" + t.entry + "' holds more bytes than its shape needs");
        }
        if (!PackedBits.unpack(packed, 0, size, words)) {
            throw new Damage("entry '" + t.entry + "' has bits set beyond its " + size
                    + " weights");
        }
    }

    /** Packs one byte per weight into words, rejecting bytes other than 0 and 1. */
    private static void readPayload(
            InputStream in, long[] words, int size, byte[] buf, TensorInfo t) throws IOException {
        for (int done = 0; done < size; ) {
            int n = Math.min(CHUNK, size - done);
            if (in.readNBytes(buf, 0, n) < n) {
                throw new Damage("entry '" + t.entry + "' holds fewer values than its shape needs");
            }
            int full = n >>> 3;
            long seen = 0;
            for (int b = 0; b < full; b++) {
                long x = (long) LONGS.get(buf, b << 3);
                seen |= x;
                int bit = done + (b << 3);
                // Gathers the low bit of each of the eight bytes into one byte (exact for 0/1).
                words[bit >>> 6] |= ((x * 0x0102040810204080L) >>> 56) << (bit & 63);
            }
            for (int i = full << 3; i < n; i++) {
                int bit = done + i;
                seen |= buf[i] & 0xff;
                words[bit >>> 6] |= (long) (buf[i] & 1) << bit;
            }
            if ((seen & 0xfefefefefefefefeL) != 0) {
                throw new Damage("entry '" + t.entry + "' holds a byte other than 0 or 1");
            }
            done += n;
        }
        if (in.read() != -1) {
            throw new Damage("entry '" + t.entry + "' holds more values than its shape needs");
        }
    }

    /** The three keys of an .npy header dict, from a small parser of its Python literal. */
    private static final class NpyHeader {

        private String descr;
        private boolean fortranOrder;
        private long[] shape;
        private final String s;
        private int pos;

        private NpyHeader(String s) {
            this.s = s;
        }

        static NpyHeader parse(String text) {
            NpyHeader h = new NpyHeader(text);
            h.dict();
            if (h.descr == null || h.shape == null) {
                throw new IllegalArgumentException("missing 'descr' or 'shape'");
            }
            return h;
        }

        private void dict() {
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
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
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

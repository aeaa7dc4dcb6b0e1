package io.ltq.mask;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.ltq.files.AtomicFiles;
import io.ltq.files.Npy;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes a {@link MaskSet} as a NumPy {@code .npz} file, so that masks can be inspected
 * with {@code numpy.load(path)} as well as reloaded here.
 *
 * <p>The file is a ZIP archive holding, in mask-set order, one DEFLATE-compressed entry {@code
 * <parameter path>.npy} per tensor and nothing else, so {@code numpy.load(path).files} lists
 * exactly the masks. Each entry is in one of two layouts ({@link MaskFormat}):
 *
 * <ul>
 *   <li>{@link MaskFormat#BOOL}, the default: an {@code .npy} version 1.0 array of dtype {@code
 *       |b1} (bool) in C order and the tensor's shape, one byte 0 or 1 per weight;
 *   <li>{@link MaskFormat#PACKED}: a one-dimensional {@code |u1} array of {@code ceil(n / 8)}
 *       bytes in {@code numpy.packbits} order, which {@code numpy.unpackbits(a,
 *       count=n).reshape(shape).astype(bool)} turns into the mask.
 * </ul>
 *
 * <p>LTQ's metadata (format version {@value #FORMAT_VERSION}) lies in ZIP comments, which NumPy
 * ignores. Each entry's comment is a JSON object with the tensor's {@code shape}, its {@code
 * kept} count and the {@code sha256} of its bits packed eight to a byte, first weight in the
 * lowest bit (what {@code numpy.packbits(mask.ravel(), bitorder='little')} gives). The archive
 * comment is a JSON object with the {@code format} name {@value #FORMAT}, the {@code version},
 * the {@code encoding} ({@code "bool"} or {@code "packbits"}) and the tensor names in order ({@code
 * tensors}). In Python, {@code json.loads(zipfile.ZipFile(path).comment)} and {@code
 * json.loads(zipfile.ZipFile(path).getinfo(name + '.npy').comment)} read them. The archive comment
 * is limited to 65,535 bytes by ZIP, which bounds the tensor names to about that much in all
 * (a thousand names of sixty characters); {@link #write} refuses more.
 *
 * <p>{@link #read(Path)} also reads the files of format versions 1 and 2 that earlier LTQ
 * releases wrote, whose metadata is a last entry {@value #MANIFEST_ENTRY} instead of comments.
 * Reading checks every entry against the metadata (names and order, {@code .npy} header, shape,
 * kept count, checksum), so a truncated, damaged or altered file is reported as a {@link
 * CorruptMaskException} even where the ZIP checksums were recomputed.
 *
 * <p>Entries are compressed by the JDK's {@link Deflater} at {@link Deflater#BEST_SPEED}: bool
 * entries of a mask with under 8% of its weights kept or pruned with LZ77 matches (zlib's level
 * 1), other bool entries and all packed ones Huffman-coded only ({@link Deflater#HUFFMAN_ONLY}),
 * which is as small and faster where the weights are noise. A random mask at 50% density takes
 * about 0.19 bytes per weight as bool (a DEFLATE Huffman code cannot spend less than 1.5 bits on
 * a byte that is an unpredictable 0 or 1, the end-of-block symbol needing a code too) and 0.125
 * packed; at 5% density about 0.10 as bool and 0.04 packed. Saving 20M weights costs zlib about
 * 100 ms as bool and 15 ms packed. Entries carry a fixed time and come in mask-set order, so equal
 * masks give byte-identical files (with the same zlib).
 *
 * <p>Writes are atomic: the archive is written to a temporary file beside the target, forced to
 * disk and renamed over it, so a crash never leaves a partial file under the target name.
 */
public final class NpzMasks {

    /**
     * The name of the manifest entry of format versions 1 and 2, which {@link #read(Path)} still
     * reads; version {@value #FORMAT_VERSION} files have no such entry.
     */
    public static final String MANIFEST_ENTRY = "ltq_manifest.json";

    /** The format name stored in the metadata. */
    public static final String FORMAT = "ltq-masks";

    /**
     * The format version this LTQ writes, and the newest it reads: 3, metadata in ZIP comments.
     * Versions 1 (bool entries) and 2 (packed entries) with a {@value #MANIFEST_ENTRY} entry are
     * read too; files of a higher version are refused.
     */
    public static final int FORMAT_VERSION = 3;

    /** The {@code encoding} of bool entries. */
    static final String BOOL = "bool";

    /** The {@code encoding} of packed entries. */
    static final String PACKBITS = "packbits";

    private static final String BOOL_DESCR = "|b1";
    private static final String PACKED_DESCR = "|u1";
    private static final String CHECKSUM_NOTE =
            "sha256 of the bits packed 8 per byte, first weight in the lowest bit:"
                    + " numpy.packbits(mask.ravel(), bitorder='little')";
    private static final String UNPACK_NOTE =
            "numpy.unpackbits(a, count=prod(shape)).reshape(shape).astype(bool)";
    /** Bytes per I/O chunk; a multiple of 64. */
    private static final int CHUNK = 1 << 16;
    /** A mask with fewer than this share of its weights kept, or pruned, has runs to match. */
    private static final double SKEWED = 0.08;
    /** ZIP's limit on a comment's length in bytes. */
    private static final int MAX_COMMENT = 0xffff;
    /** Entries larger than this cannot be a manifest of ours. */
    private static final int MAX_MANIFEST_BYTES = 64 << 20;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private NpzMasks() {}

    /**
     * Writes masks to a file, atomically replacing any file of that name. Missing parent folders
     * are created.
     *
     * @param file the {@code .npz} file
     * @param masks the masks
     * @throws IOException when writing fails; the target is then left as it was and the
     *     temporary file is removed
     * @throws IllegalArgumentException when a parameter path is not valid Unicode text, or the
     *     names do not fit the archive comment
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
     * @throws IllegalArgumentException when a parameter path is not valid Unicode text, or the
     *     names do not fit the archive comment
     */
    public static void write(Path file, MaskSet masks, MaskFormat format) throws IOException {
        Objects.requireNonNull(masks, "masks");
        Objects.requireNonNull(format, "format");
        String comment = archiveComment(masks, format == MaskFormat.PACKED);
        AtomicFiles.write(file, out -> writeArchive(out, masks, format, comment));
    }

    /**
     * Reads masks written by {@link #write(Path, MaskSet)}, or by an earlier LTQ in format
     * version 1 or 2.
     *
     * @param file the {@code .npz} file
     * @return the masks, in the order they were written
     * @throws NoSuchFileException when the file does not exist
     * @throws CorruptMaskException when the file is truncated, altered, not an archive of ours, or
     *     disagrees with its metadata
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
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            return readArchive(zip);
        } catch (Damage e) {
            throw corrupt(file, e.getMessage(), fix, e.getCause());
        } catch (EOFException e) {
            // From reading past the end of the file or of an entry's compressed data.
            String why = e.getMessage() == null ? "it ends too early" : clean(e.getMessage());
            throw corrupt(file, "truncated: " + why, fix, e);
        } catch (ZipException e) {
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

    /** The first line of a message, without a final period. */
    private static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "no detail";
        }
        String m = message.lines().findFirst().orElse(message).strip();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    // ---------------------------------------------------------------------------------------
    // Writing

    /** The archive comment: format, version, encoding and the tensor names in order. */
    private static String archiveComment(MaskSet masks, boolean packed) {
        JsonObject doc = new JsonObject();
        doc.addProperty("format", FORMAT);
        doc.addProperty("version", FORMAT_VERSION);
        doc.addProperty("encoding", packed ? PACKBITS : BOOL);
        if (packed) {
            doc.addProperty("unpack", UNPACK_NOTE);
        }
        doc.addProperty("checksum", CHECKSUM_NOTE);
        JsonArray names = new JsonArray();
        for (String name : masks.names()) {
            String entry = name + ".npy";
            if (!new String(entry.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                    .equals(entry)) {
                // A lone surrogate would be written as '?'; the file could not be read back.
                throw new IllegalArgumentException(
                        "Parameter path " + name + " is not valid Unicode text: rename the"
                                + " parameter.");
            }
            names.add(name);
        }
        doc.add("tensors", names);
        String text = GSON.toJson(doc);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_COMMENT) {
            throw new IllegalArgumentException(
                    "The names of " + masks.size() + " masks take " + bytes + " bytes, more than"
                            + " the " + MAX_COMMENT + " of a ZIP archive comment: save them in"
                            + " several mask sets.");
        }
        return text;
    }

    /** An entry's comment: shape, kept count and checksum of its tensor. */
    private static String tensorComment(Mask mask) {
        JsonObject doc = new JsonObject();
        JsonArray shape = new JsonArray();
        for (long d : mask.getShape()) {
            shape.add(d);
        }
        doc.add("shape", shape);
        doc.addProperty("kept", mask.countKept());
        doc.addProperty("sha256", sha256(mask.words(), mask.size()));
        return GSON.toJson(doc);
    }

    private static void writeArchive(
            OutputStream out, MaskSet masks, MaskFormat format, String comment)
            throws IOException {
        boolean packed = format == MaskFormat.PACKED;
        byte[] buf = new byte[CHUNK];
        MaskZip zip = new MaskZip(out);
        try {
            for (Map.Entry<String, Mask> e : masks.asMap().entrySet()) {
                Mask mask = e.getValue();
                ZipEntry entry = Npy.zipEntry(e.getKey());
                entry.setComment(tensorComment(mask));
                long size = mask.size();
                if (packed) {
                    zip.putNextEntry(entry, Deflater.HUFFMAN_ONLY);
                    long bytes = (size + 7) >>> 3;
                    zip.write(Npy.header(PACKED_DESCR, new long[] {bytes}));
                    for (long done = 0; done < bytes; ) {
                        int n = (int) Math.min(CHUNK, bytes - done);
                        MaskBits.toPackbits(mask.words(), done, buf, 0, n);
                        zip.write(buf, 0, n);
                        done += n;
                    }
                } else {
                    double kept = size == 0 ? 0.5 : (double) mask.countKept() / size;
                    boolean skewed = Math.min(kept, 1 - kept) < SKEWED;
                    zip.putNextEntry(
                            entry, skewed ? Deflater.DEFAULT_STRATEGY : Deflater.HUFFMAN_ONLY);
                    zip.write(Npy.header(BOOL_DESCR, mask.getShape()));
                    for (long done = 0; done < size; ) {
                        int n = (int) Math.min(CHUNK, size - done);
                        mask.copyBytes(done, buf, 0, n);
                        zip.write(buf, 0, n);
                        done += n;
                    }
                }
                zip.closeEntry();
            }
            zip.setComment(comment);
            zip.finish();
        } finally {
            zip.end();
        }
    }

    /**
     * A {@link ZipOutputStream} at {@link Deflater#BEST_SPEED} whose deflater's strategy is
     * chosen per entry, and which frees the deflater without closing the stream under it.
     */
    private static final class MaskZip extends ZipOutputStream {

        MaskZip(OutputStream out) {
            super(out, StandardCharsets.UTF_8);
            setLevel(Deflater.BEST_SPEED);
        }

        /** Begins a DEFLATED entry compressed with a {@link Deflater} strategy. */
        void putNextEntry(ZipEntry entry, int strategy) throws IOException {
            // Between entries the deflater has been reset, so the strategy starts with the entry.
            def.setStrategy(strategy);
            putNextEntry(entry);
        }

        /** Frees the deflater; the stream cannot be written to afterwards. */
        void end() {
            def.end();
        }
    }

    /** SHA-256 of the first ceil(size / 8) bytes of the words in little-endian order. */
    private static String sha256(long[] words, long size) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256.", e);
        }
        ByteBuffer bytes = ByteBuffer.allocate(words.length * Long.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(words);
        md.update(bytes.array(), 0, (int) ((size + 7) >>> 3));
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

    /**
     * One tensor as the metadata describes it.
     *
     * @param where where the metadata lies, for messages: the entry comment or the manifest
     */
    private record TensorInfo(
            String name, String entry, long[] shape, long kept, String sha256, String where) {}

    private static MaskSet readArchive(ZipFile zip) throws IOException {
        List<? extends ZipEntry> entries = Collections.list(zip.entries());
        String comment = zip.getComment();
        List<TensorInfo> tensors;
        boolean packed;
        if (comment == null && zip.getEntry(MANIFEST_ENTRY) != null) {
            JsonObject manifest =
                    object(parseJson(readManifest(zip), MANIFEST_ENTRY), MANIFEST_ENTRY);
            packed = readLegacyEncoding(manifest);
            tensors = parseLegacyTensors(manifest, entries);
        } else if (comment == null) {
            throw new Damage(
                    "no LTQ metadata: no archive comment and no " + MANIFEST_ENTRY + " entry, so"
                            + " it is not a mask file of LTQ");
        } else {
            JsonObject doc = object(parseJson(comment, "the archive comment"),
                    "the archive comment");
            packed = readEncoding(doc);
            tensors = parseTensors(doc, entries);
        }
        byte[] buf = new byte[CHUNK];
        Map<String, Mask> out = new LinkedHashMap<>();
        for (TensorInfo t : tensors) {
            out.put(t.name, readTensor(zip, t, packed, buf));
        }
        return MaskSet.of(out);
    }

    /** The encoding the archive comment declares; version 3 only. */
    private static boolean readEncoding(JsonObject doc) {
        String where = "the archive comment";
        if (!FORMAT.equals(optString(doc.get("format")))) {
            throw new Damage(where + " does not name the format " + FORMAT);
        }
        long version = integer(doc.get("version"), "version", where);
        if (version != FORMAT_VERSION) {
            throw new Damage(
                    "format version " + version + " is not one this LTQ reads from "
                            + where + " (" + FORMAT_VERSION + ")");
        }
        String encoding = string(doc.get("encoding"), "encoding", where);
        if (encoding.equals(PACKBITS)) {
            return true;
        }
        if (encoding.equals(BOOL)) {
            return false;
        }
        throw new Damage(where + " names an unknown encoding '" + encoding + "'");
    }

    /**
     * The tensors the archive comment lists, checked against the entries (the same names, in the
     * same order), with each entry's comment.
     */
    private static List<TensorInfo> parseTensors(
            JsonObject doc, List<? extends ZipEntry> entries) {
        String where = "the archive comment";
        JsonElement list = doc.get("tensors");
        if (list == null || !list.isJsonArray()) {
            throw new Damage(where + " has a missing or malformed 'tensors'");
        }
        List<String> names = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (JsonElement e : list.getAsJsonArray()) {
            String name = string(e, "tensors", where);
            if (!expected.add(name + ".npy")) {
                throw new Damage(where + " lists tensor '" + name + "' twice");
            }
            names.add(name);
        }
        Set<String> present = new HashSet<>();
        for (ZipEntry e : entries) {
            if (!expected.contains(e.getName())) {
                throw new Damage("entry '" + e.getName() + "' is not listed in " + where);
            }
            if (!present.add(e.getName())) {
                throw new Damage("entry '" + e.getName() + "' appears twice");
            }
        }
        for (String name : names) {
            if (!present.contains(name + ".npy")) {
                throw new Damage("entry '" + name + ".npy' listed in " + where + " is missing");
            }
        }
        List<TensorInfo> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String entry = names.get(i) + ".npy";
            ZipEntry ze = entries.get(i);
            if (!ze.getName().equals(entry)) {
                throw new Damage("entries are out of order: '" + ze.getName() + "' stands where "
                        + where + " lists '" + entry + "'");
            }
            out.add(parseTensorComment(names.get(i), ze));
        }
        return out;
    }

    private static TensorInfo parseTensorComment(String name, ZipEntry ze) {
        String where = "the comment of entry '" + ze.getName() + "'";
        if (ze.getComment() == null) {
            throw new Damage("entry '" + ze.getName() + "' has no comment with its shape, kept"
                    + " count and checksum");
        }
        JsonObject t = object(parseJson(ze.getComment(), where), where);
        return new TensorInfo(name, ze.getName(), shape(t.get("shape"), name, where),
                integer(t.get("kept"), "kept", where), string(t.get("sha256"), "sha256", where),
                where);
    }

    private static long[] shape(JsonElement e, String name, String where) {
        if (e == null || !e.isJsonArray()) {
            throw new Damage(where + " has a missing or malformed 'shape'");
        }
        JsonArray dims = e.getAsJsonArray();
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = integer(dims.get(i), "shape", where);
            if (shape[i] < 0) {
                throw new Damage(where + " gives tensor '" + name + "' a negative size");
            }
        }
        return shape;
    }

    // Versions 1 and 2: a manifest entry.

    private static String readManifest(ZipFile zip) throws IOException {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(zip.getEntry(MANIFEST_ENTRY))) {
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

    /** The layout a manifest declares: version 1 is bool, version 2 names its encoding. */
    private static boolean readLegacyEncoding(JsonObject doc) {
        if (!FORMAT.equals(optString(doc.get("format")))) {
            throw new Damage(MANIFEST_ENTRY + " does not name the format " + FORMAT);
        }
        long version = integer(doc.get("version"), "version", MANIFEST_ENTRY);
        if (version < 1 || version > 2) {
            throw new Damage(
                    "format version " + version + " is not one this LTQ reads from "
                            + MANIFEST_ENTRY + " (1 or 2)");
        }
        if (version == 1) {
            return false;
        }
        String encoding = string(doc.get("encoding"), "encoding", MANIFEST_ENTRY);
        if (!encoding.equals(PACKBITS)) {
            throw new Damage(MANIFEST_ENTRY + " names an unknown encoding '" + encoding + "'");
        }
        return true;
    }

    private static List<TensorInfo> parseLegacyTensors(
            JsonObject doc, List<? extends ZipEntry> entries) {
        JsonElement list = doc.get("tensors");
        if (list == null || !list.isJsonArray()) {
            throw new Damage(MANIFEST_ENTRY + " has a missing or malformed 'tensors'");
        }
        List<TensorInfo> out = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        expected.add(MANIFEST_ENTRY);
        for (JsonElement o : list.getAsJsonArray()) {
            if (!o.isJsonObject()) {
                throw new Damage(MANIFEST_ENTRY + " has a missing or malformed 'a tensor'");
            }
            JsonObject t = o.getAsJsonObject();
            String name = string(t.get("name"), "name", MANIFEST_ENTRY);
            String entry = string(t.get("entry"), "entry", MANIFEST_ENTRY);
            if (!entry.equals(name + ".npy") || !expected.add(entry)) {
                throw new Damage(MANIFEST_ENTRY + " lists tensor '" + name + "' wrongly");
            }
            out.add(new TensorInfo(name, entry, shape(t.get("shape"), name, MANIFEST_ENTRY),
                    integer(t.get("kept"), "kept", MANIFEST_ENTRY),
                    string(t.get("sha256"), "sha256", MANIFEST_ENTRY), MANIFEST_ENTRY));
        }
        for (ZipEntry e : entries) {
            if (!expected.contains(e.getName())) {
                throw new Damage("entry '" + e.getName() + "' is not listed in " + MANIFEST_ENTRY);
            }
        }
        return out;
    }

    // JSON

    /** Parses strict JSON, one value and nothing after it. */
    private static JsonElement parseJson(String text, String where) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement value = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new Damage(where + " is not valid JSON: text after the value");
            }
            return value;
        } catch (JsonParseException | IOException | IllegalStateException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null
                    ? e.getCause().getMessage() : e.getMessage();
            throw new Damage(where + " is not valid JSON: " + clean(why));
        }
    }

    private static JsonObject object(JsonElement e, String where) {
        if (!e.isJsonObject()) {
            throw new Damage(where + " is not a JSON object");
        }
        return e.getAsJsonObject();
    }

    private static String optString(JsonElement e) {
        return e instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
    }

    private static String string(JsonElement e, String what, String where) {
        String s = optString(e);
        if (s == null) {
            throw malformed(what, where);
        }
        return s;
    }

    private static long integer(JsonElement e, String what, String where) {
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            throw malformed(what, where);
        }
        try {
            return new BigDecimal(p.getAsString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException x) {
            throw malformed(what, where);
        }
    }

    private static Damage malformed(String what, String where) {
        return new Damage(where + " has a missing or malformed '" + what + "'");
    }

    // Entries

    /** Reads one entry and checks it against its metadata. */
    private static Mask readTensor(ZipFile zip, TensorInfo t, boolean packed, byte[] buf)
            throws IOException {
        ZipEntry ze = zip.getEntry(t.entry);
        if (ze == null) {
            throw new Damage("entry '" + t.entry + "' listed in " + t.where + " is missing");
        }
        long size = Mask.sizeOf(t.shape);
        if (size > Integer.MAX_VALUE) {
            throw new Damage("tensor '" + t.name + "' is too large");
        }
        long[] words = new long[(int) ((size + 63) >>> 6)];
        try (InputStream in = zip.getInputStream(ze)) {
            Npy.Header header;
            try {
                header = Npy.readHeader(in);
            } catch (IllegalArgumentException e) {
                throw new Damage("entry '" + t.entry + "' " + e.getMessage());
            }
            if (packed) {
                long[] shape = {(size + 7) >>> 3};
                if (!header.is(PACKED_DESCR, shape)) {
                    throw new Damage("entry '" + t.entry + "' is not a C-order packed uint8"
                            + " array of shape " + Arrays.toString(shape));
                }
                readPacked(in, words, size, buf, t);
            } else {
                if (!header.is(BOOL_DESCR, t.shape)) {
                    throw new Damage("entry '" + t.entry + "' is not a C-order bool array of"
                            + " shape " + Arrays.toString(t.shape));
                }
                readBool(in, words, size, buf, t);
            }
        }
        if (!sha256(words, size).equals(t.sha256)) {
            throw new Damage("tensor '" + t.name + "' does not match its checksum in " + t.where
                    + ", so its bits were altered");
        }
        Mask mask = Mask.fromWords(t.shape, words);
        if (mask.countKept() != t.kept) {
            throw new Damage("tensor '" + t.name + "' keeps " + mask.countKept() + " weights,"
                    + " not the " + t.kept + " that " + t.where + " gives");
        }
        return mask;
    }

    /** Reads one byte per weight into words, rejecting bytes other than 0 and 1. */
    private static void readBool(InputStream in, long[] words, long size, byte[] buf,
            TensorInfo t) throws IOException {
        for (long done = 0; done < size; ) {
            int n = (int) Math.min(buf.length, size - done);
            if (in.readNBytes(buf, 0, n) < n) {
                throw new Damage("entry '" + t.entry + "' holds fewer values than its shape needs");
            }
            if (!MaskBits.pack(buf, 0, n, words, done)) {
                throw new Damage("entry '" + t.entry + "' holds a byte other than 0 or 1");
            }
            done += n;
        }
        if (in.read() != -1) {
            throw new Damage("entry '" + t.entry + "' holds more values than its shape needs");
        }
    }

    /** Reads packbits bytes into words, rejecting set padding bits. */
    private static void readPacked(InputStream in, long[] words, long size, byte[] buf,
            TensorInfo t) throws IOException {
        long bytes = (size + 7) >>> 3;
        for (long done = 0; done < bytes; ) {
            int n = (int) Math.min(buf.length, bytes - done);
            if (in.readNBytes(buf, 0, n) < n) {
                throw new Damage("entry '" + t.entry + "' holds fewer bytes than its shape needs");
            }
            MaskBits.fromPackbits(buf, 0, n, words, done);
            done += n;
        }
        if (in.read() != -1) {
            throw new Damage("entry '" + t.entry + "' holds more bytes than its shape needs");
        }
        int tail = (int) (size & 63);
        if (tail != 0 && words[words.length - 1] >>> tail != 0) {
            throw new Damage("entry '" + t.entry + "' has bits set beyond its " + size
                    + " weights");
        }
    }
}

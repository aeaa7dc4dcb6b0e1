package io.ltq.files;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Named float32 tensors in NumPy's {@code .npz} layout, as {@code numpy.savez} writes them: a ZIP
 * of stored (uncompressed) {@code NAME.npy} entries, each a version 1.0 {@code .npy} header
 * ({@code '<f4'}, C order) and the values little-endian. {@code numpy.load(file)[NAME]} gives the
 * tensor; ZIP's CRC-32 of every entry detects a damaged file when it is read.
 *
 * <p>Written atomically through {@link AtomicFiles}.
 */
public final class Float32Npz {

    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '<f4', 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), \\}\\s*");

    /**
     * One tensor: its shape and its values in row-major order.
     *
     * @param shape the dimensions
     * @param values {@code Π shape} values
     */
    public record Tensor(long[] shape, float[] values) {

        /** Checks that the values fill the shape. */
        public Tensor {
            long size = 1;
            for (long d : shape) {
                size = Math.multiplyExact(size, d);
            }
            if (size != values.length) {
                throw new IllegalArgumentException(
                        "Shape " + Arrays.toString(shape) + " holds " + size + " values, got "
                                + values.length + ".");
            }
        }
    }

    private Float32Npz() {}

    /**
     * Writes tensors atomically.
     *
     * @param file the {@code .npz} file
     * @param tensors the tensors by name, in the order they are stored
     * @throws IOException when writing fails; an earlier file is then left intact
     */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                byte[] npy = npy(e.getValue());
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                // Stored, as numpy.savez does: float weights barely compress.
                entry.setMethod(ZipEntry.STORED);
                // A fixed time, as numpy.savez writes: the same tensors give the same bytes.
                entry.setTimeLocal(FIXED_TIME);
                entry.setSize(npy.length);
                CRC32 crc = new CRC32();
                crc.update(npy);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(npy);
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /**
     * Reads tensors written by {@link #write} (or by {@code numpy.savez} with float32 arrays).
     *
     * @param file the {@code .npz} file
     * @return the tensors by name, in stored order
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException naming the file when it is truncated, altered or not float32 tensors
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    throw new IOException("entry " + name + " is not an .npy array");
                }
                // Reading to the end of the entry makes ZipInputStream check its CRC-32 and size.
                out.put(name.substring(0, name.length() - 4), parse(zip.readAllBytes(), name));
            }
        } catch (ZipException | EOFException | IllegalArgumentException e) {
            throw damaged(file, e);
        } catch (IOException e) {
            if (e instanceof NoSuchFileException) {
                throw e;
            }
            throw damaged(file, e);
        }
        if (out.isEmpty()) {
            throw damaged(file, new IOException("no arrays (an empty or cut-off archive)"));
        }
        return out;
    }

    private static IOException damaged(Path file, Exception e) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new IOException(file + " is damaged (" + what + ")", e);
    }

    private static byte[] npy(Tensor t) {
        StringBuilder dims = new StringBuilder();
        for (long d : t.shape()) {
            dims.append(d).append(", ");
        }
        if (t.shape().length > 1) {
            dims.setLength(dims.length() - 2); // (3, 4); a 1-d shape keeps its comma: (3,)
        } else if (t.shape().length == 1) {
            dims.setLength(dims.length() - 1);
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        // Magic (6) + version (2) + length (2) + dict + padding + '\n', a multiple of 64.
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + 4 * t.values().length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        buf.asFloatBuffer().put(t.values());
        return buf.array();
    }

    private static Tensor parse(byte[] npy, String entry) {
        if (npy.length < 10 || !Arrays.equals(Arrays.copyOf(npy, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException(entry + " has no .npy header");
        }
        ByteBuffer buf = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(MAGIC.length);
        if (buf.get() != 1) {
            throw new IllegalArgumentException(entry + " is not a version 1 .npy array");
        }
        buf.get();
        int headerLength = Short.toUnsignedInt(buf.getShort());
        if (10 + headerLength > npy.length) {
            throw new IllegalArgumentException(entry + " ends inside its header");
        }
        String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    entry + " is not a C-order float32 array: " + header.strip());
        }
        long[] shape = Arrays.stream(m.group(1).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        int offset = 10 + headerLength;
        float[] values = new float[(npy.length - offset) / 4];
        if (offset + 4L * values.length != npy.length) {
            throw new IllegalArgumentException(entry + " has a partial value at its end");
        }
        ByteBuffer.wrap(npy, offset, npy.length - offset).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(values);
        return new Tensor(shape, values);
    }
}

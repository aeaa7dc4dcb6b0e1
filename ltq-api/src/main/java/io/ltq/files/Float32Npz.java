package io.ltq.files;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Named float32 tensors in NumPy's {@code .npz} layout, as {@code numpy.savez} writes them: a ZIP
 * of stored (uncompressed) {@code NAME.npy} entries, each a version 1.0 {@code .npy} header
 * ({@code '<f4'}, C order; see {@link Npy}) and the values little-endian. {@code
 * numpy.load(file)[NAME]} gives the tensor; ZIP's CRC-32 of every entry detects a damaged file
 * when it is read. Entries carry a fixed time, so equal tensors give equal bytes.
 *
 * <p>Written atomically through {@link AtomicFiles}.
 */
public final class Float32Npz {

    /** Little-endian float32. */
    private static final String DESCR = "<f4";

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
                // A fixed time: the same tensors give the same bytes.
                ZipEntry entry = Npy.zipEntry(e.getKey());
                // Stored, as numpy.savez does: float weights barely compress.
                entry.setMethod(ZipEntry.STORED);
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
                out.put(name.substring(0, name.length() - 4), parse(zip, name));
            }
        } catch (ZipException | EOFException | IllegalArgumentException | ArithmeticException e) {
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
        byte[] header = Npy.header(DESCR, t.shape());
        ByteBuffer buf = ByteBuffer.allocate(header.length + 4 * t.values().length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(header);
        buf.asFloatBuffer().put(t.values());
        return buf.array();
    }

    /** Reads one entry's array; the stream is left at the end of the entry. */
    private static Tensor parse(InputStream in, String entry) throws IOException {
        Npy.Header header;
        try {
            header = Npy.readHeader(in);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(entry + " " + e.getMessage(), e);
        }
        if (!header.descr().equals(DESCR) || header.fortranOrder()) {
            throw new IllegalArgumentException(
                    entry + " is not a C-order float32 array but '" + header.descr() + "'"
                            + (header.fortranOrder() ? " in Fortran order" : ""));
        }
        // Reading to the end of the entry makes ZipInputStream check its CRC-32 and size.
        byte[] data = in.readAllBytes();
        if (data.length % 4 != 0) {
            throw new IllegalArgumentException(entry + " has a partial value at its end");
        }
        float[] values = new float[data.length / 4];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return new Tensor(header.shape(), values);
    }
}

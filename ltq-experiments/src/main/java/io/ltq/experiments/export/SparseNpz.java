package io.ltq.experiments.export;

import io.ltq.files.AtomicFiles;
import io.ltq.files.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipOutputStream;

/**
 * Writes a matrix's nonzero values as a compressed sparse row (CSR) {@code .npz}, the layout
 * {@code scipy.sparse.save_npz} writes and {@code scipy.sparse.load_npz} reads: {@code data}
 * (float32), {@code indices} and {@code indptr} (int32), {@code format} ({@code b'csr'}) and
 * {@code shape} (int64). A tensor of more than two dimensions is stored as (first dimension, the
 * rest), as a convolution's filters are rows.
 */
public final class SparseNpz {

    private SparseNpz() {}

    /**
     * Writes the nonzero values of a tensor, atomically.
     *
     * @param file the {@code .npz} file
     * @param shape the tensor's shape, at least one dimension
     * @param values its values, row-major
     * @return the bytes written
     * @throws IOException when writing fails
     */
    public static long write(Path file, long[] shape, float[] values) throws IOException {
        int rows = shape.length == 0 ? 1 : Math.toIntExact(shape[0]);
        int cols = rows == 0 ? 0 : values.length / rows;
        int nonzero = 0;
        for (float v : values) {
            nonzero += v != 0 ? 1 : 0;
        }
        ByteBuffer data = little(4L * nonzero);
        ByteBuffer indices = little(4L * nonzero);
        ByteBuffer indptr = little(4L * (rows + 1));
        indptr.putInt(0);
        int seen = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float v = values[r * cols + c];
                if (v != 0) {
                    data.putFloat(v);
                    indices.putInt(c);
                    seen++;
                }
            }
            indptr.putInt(seen);
        }
        ByteBuffer dims = little(16);
        dims.putLong(rows).putLong(cols);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "data", "<f4", new long[] {nonzero}, data.array());
            entry(zip, "indices", "<i4", new long[] {nonzero}, indices.array());
            entry(zip, "indptr", "<i4", new long[] {rows + 1}, indptr.array());
            entry(zip, "format", "|S3", new long[0], "csr".getBytes(StandardCharsets.US_ASCII));
            entry(zip, "shape", "<i8", new long[] {2}, dims.array());
        }
        byte[] out = bytes.toByteArray();
        AtomicFiles.write(file, o -> o.write(out));
        return out.length;
    }

    private static ByteBuffer little(long size) {
        return ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void entry(ZipOutputStream zip, String name, String descr, long[] shape,
            byte[] content) throws IOException {
        zip.putNextEntry(Npy.zipEntry(name));
        zip.write(Npy.header(descr, shape));
        zip.write(content);
        zip.closeEntry();
    }
}

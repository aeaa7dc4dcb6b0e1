package io.ltq.experiments.datasets;

import ai.djl.ndarray.types.Shape;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, gzipped or not.
 *
 * <p>An image file is the magic number {@code 0x00000803} (unsigned bytes, three dimensions), the
 * image count, rows and columns as big-endian 32-bit integers, then one byte per pixel; a label
 * file is {@code 0x00000801}, the count, then one byte per label. Pixels become floats in [0, 1]
 * (divided by 255), one channel. Every departure from the format, a length that does not match the
 * header, disagreeing counts or a label outside the classes is a {@link DataException} naming the
 * file.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned-byte images: type 0x08, three dimensions. */
    public static final int IMAGE_MAGIC = 0x00000803;

    /** Magic number of an IDX file of unsigned-byte labels: type 0x08, one dimension. */
    public static final int LABEL_MAGIC = 0x00000801;

    private static final int IMAGE_HEADER = 16;
    private static final int LABEL_HEADER = 8;

    private IdxReader() {}

    /**
     * Reads a pair of image and label files.
     *
     * @param images the IDX image file (idx3)
     * @param labels the IDX label file (idx1)
     * @param numClasses labels must lie in {@code [0, numClasses)}
     * @return the images, shape (1, rows, cols), with their labels
     * @throws DataException if a file is missing, malformed or truncated, the counts disagree, or a
     *     label is out of range
     */
    public static LabeledImages read(Path images, Path labels, int numClasses) {
        byte[] imageBytes = DataFiles.readAll(images);
        byte[] labelBytes = DataFiles.readAll(labels);
        checkHeader(images, imageBytes, IMAGE_MAGIC, IMAGE_HEADER, "image");
        checkHeader(labels, labelBytes, LABEL_MAGIC, LABEL_HEADER, "label");

        int count = DataFiles.int32(imageBytes, 4);
        int rows = DataFiles.int32(imageBytes, 8);
        int cols = DataFiles.int32(imageBytes, 12);
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new DataException(
                    String.format(
                            "File %s has an impossible header (%d images of %dx%d pixels); "
                                    + "re-download it.",
                            images, count, rows, cols));
        }
        long expected = IMAGE_HEADER + (long) count * rows * cols;
        checkLength(images, imageBytes.length, expected, count + " images of " + rows + "x" + cols);

        int labelCount = DataFiles.int32(labelBytes, 4);
        if (labelCount != count) {
            throw new DataException(
                    String.format(
                            "Files %s and %s disagree: %d images but %d labels; use the image and "
                                    + "label files of one release.",
                            images, labels, count, labelCount));
        }
        checkLength(labels, labelBytes.length, LABEL_HEADER + (long) count, count + " labels");

        int[] labelArray = new int[count];
        for (int i = 0; i < count; i++) {
            int label = labelBytes[LABEL_HEADER + i] & 0xff;
            if (label >= numClasses) {
                throw new DataException(
                        String.format(
                                "File %s has label %d at index %d, outside 0..%d; re-download it.",
                                labels, label, i, numClasses - 1));
            }
            labelArray[i] = label;
        }
        byte[] pixels = Arrays.copyOfRange(imageBytes, IMAGE_HEADER,
                IMAGE_HEADER + count * rows * cols);
        float[] scaled = new float[256];
        for (int v = 0; v < scaled.length; v++) {
            scaled[v] = v / 255f;
        }
        return LabeledImages.ofEightBit(pixels, new float[][] {scaled}, labelArray,
                new Shape(1, rows, cols), numClasses);
    }

    private static void checkHeader(Path file, byte[] bytes, int magic, int header, String kind) {
        if (bytes.length < 4) {
            throw new DataException(
                    String.format(
                            "File %s is not an IDX %s file (only %d bytes, too short for a "
                                    + "header); re-download it.",
                            file, kind, bytes.length));
        }
        int actual = DataFiles.int32(bytes, 0);
        if (actual != magic) {
            throw new DataException(
                    String.format(
                            "File %s is not an IDX %s file (magic 0x%08X instead of 0x%08X); "
                                    + "re-download it.",
                            file, kind, actual, magic));
        }
        if (bytes.length < header) {
            throw new DataException(
                    String.format(
                            "File %s is truncated: expected at least the %d-byte IDX %s header "
                                    + "but found %d bytes; re-download it.",
                            file, header, kind, bytes.length));
        }
    }

    private static void checkLength(Path file, long actual, long expected, String content) {
        if (actual < expected) {
            throw new DataException(
                    String.format(
                            "File %s is truncated: its header announces %s, which take %d bytes, "
                                    + "but it holds %d; re-download it.",
                            file, content, expected, actual));
        }
        if (actual > expected) {
            throw new DataException(
                    String.format(
                            "File %s is longer than its header says: %s take %d bytes, but it "
                                    + "holds %d; re-download it.",
                            file, content, expected, actual));
        }
    }
}

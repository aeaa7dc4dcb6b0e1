package io.ltq.experiments.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes tiny IDX and CIFAR-10 files for the tests. */
final class TestFiles {

    private TestFiles() {}

    /** IDX image bytes: pixel (n, r, c) = (n * 31 + r * 7 + c) mod 256. */
    static byte[] idxImages(int magic, int count, int rows, int cols) {
        ByteBuffer buf = ByteBuffer.allocate(16 + count * rows * cols);
        buf.putInt(magic).putInt(count).putInt(rows).putInt(cols);
        for (int n = 0; n < count; n++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    buf.put((byte) pixel(n, r, c));
                }
            }
        }
        return buf.array();
    }

    static int pixel(int n, int r, int c) {
        return (n * 31 + r * 7 + c) % 256;
    }

    /** IDX label bytes for the given labels. */
    static byte[] idxLabels(int magic, int... labels) {
        ByteBuffer buf = ByteBuffer.allocate(8 + labels.length);
        buf.putInt(magic).putInt(labels.length);
        for (int label : labels) {
            buf.put((byte) label);
        }
        return buf.array();
    }

    /** CIFAR-10 records: label, then pixel (channel, i) = (record + channel * 50 + i) mod 256. */
    static byte[] cifarRecords(int... labels) {
        ByteBuffer buf = ByteBuffer.allocate(labels.length * 3073);
        for (int r = 0; r < labels.length; r++) {
            buf.put((byte) labels[r]);
            for (int ch = 0; ch < 3; ch++) {
                for (int i = 0; i < 1024; i++) {
                    buf.put((byte) cifarPixel(r, ch, i));
                }
            }
        }
        return buf.array();
    }

    static int cifarPixel(int record, int channel, int i) {
        return (record + channel * 50 + i) % 256;
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a complete MNIST-style folder: 6 training and 4 test images of 28x28. */
    static Path mnistFolder(Path dir, boolean gz) {
        String suffix = gz ? ".gz" : "";
        write(
                dir.resolve("train-images-idx3-ubyte" + suffix),
                maybeGz(idxImages(0x803, 6, 28, 28), gz));
        write(
                dir.resolve("train-labels-idx1-ubyte" + suffix),
                maybeGz(idxLabels(0x801, 0, 1, 2, 3, 9, 5), gz));
        write(
                dir.resolve("t10k-images-idx3-ubyte" + suffix),
                maybeGz(idxImages(0x803, 4, 28, 28), gz));
        write(
                dir.resolve("t10k-labels-idx1-ubyte" + suffix),
                maybeGz(idxLabels(0x801, 7, 8, 9, 0), gz));
        return dir;
    }

    private static byte[] maybeGz(byte[] bytes, boolean gz) {
        return gz ? gzip(bytes) : bytes;
    }

    static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("ltq-data-test");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

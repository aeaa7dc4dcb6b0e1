package io.ltq.experiments.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads whole data files, gunzipping those that start with the gzip magic number. */
final class DataFiles {

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private DataFiles() {}

    /**
     * Returns the (decompressed) bytes of a file. Compression is detected from the content, so a
     * gzipped file without {@code .gz} in its name, or a plain one with it, reads correctly.
     */
    static byte[] readAll(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b1 = raw.read();
            int b2 = raw.read();
            raw.reset();
            if (b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2) {
                try (InputStream gz = new GZIPInputStream(raw, 1 << 16)) {
                    return gz.readAllBytes();
                }
            }
            return raw.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new DataException("File " + file + " does not exist; download it again.", e);
        } catch (ZipException | EOFException e) {
            throw new DataException(
                    "File "
                            + file
                            + " is a damaged or truncated gzip file ("
                            + e.getMessage()
                            + "); re-download it.",
                    e);
        } catch (IOException e) {
            throw new DataException(
                    "Cannot read file "
                            + file
                            + " ("
                            + e.getMessage()
                            + "); check that it is a readable file.",
                    e);
        }
    }

    /** Reads a big-endian 32-bit integer. */
    static int int32(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24)
                | ((bytes[offset + 1] & 0xff) << 16)
                | ((bytes[offset + 2] & 0xff) << 8)
                | (bytes[offset + 3] & 0xff);
    }

    /** Finds {@code name} or {@code name.gz} in a folder, preferring the uncompressed file. */
    static Path findMaybeGz(Path folder, String name) {
        Path plain = folder.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = folder.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }
}

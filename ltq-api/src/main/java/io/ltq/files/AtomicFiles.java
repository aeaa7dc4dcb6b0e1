package io.ltq.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader (or a resumed run) sees either the old content or the new, never
 * a half-written file: write a temporary file beside the target, force it to disk, rename it over
 * the target, then force the directory.
 *
 * <p>The temporary file is created like any new file, so the result gets the permissions the
 * process's umask gives ({@code Files.createTempFile} would make it readable by its owner only).
 *
 * <pre>{@code
 * AtomicFiles.writeString(runDir.resolve("summary.json"), json);
 * AtomicFiles.write(file, out -> out.write(bytes));
 * }</pre>
 */
public final class AtomicFiles {

    private static final int BUFFER = 1 << 16;

    private AtomicFiles() {}

    /** Produces a file's content into a stream. */
    @FunctionalInterface
    public interface Writer {

        /**
         * Writes the content.
         *
         * @param out the stream to the temporary file, buffered; the caller closes it
         * @throws IOException when writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes text atomically.
     *
     * @param target the file
     * @param text its new content, UTF-8
     * @throws IOException when writing fails; the target is then unchanged
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes a file atomically, creating its folder when missing.
     *
     * @param target the file
     * @param writer produces the content
     * @throws IOException when writing fails; the target is then unchanged and the temporary file
     *     removed
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = null;
        FileChannel channel = null;
        for (int attempt = 0; channel == null; attempt++) {
            Path candidate =
                    dir.resolve("." + file.getFileName() + "."
                            + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                channel = FileChannel.open(
                        candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                tmp = candidate;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
        boolean moved = false;
        try {
            try (FileChannel ch = channel;
                    OutputStream out =
                            new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER)) {
                writer.write(out);
                out.flush();
                // The data must be on disk before the rename makes it visible under the name.
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename itself durable where the platform allows opening a directory.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not possible here (e.g. Windows); the file's own data is already on disk.
        }
    }
}

package io.ltq.files;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.testng.SkipException;
import org.testng.annotations.Test;

public class AtomicFilesTest {

    @Test
    public void replacesTheContentAndCreatesMissingFolders() throws IOException {
        Path file = Files.createTempDirectory("ltq-atomic").resolve("a/b/summary.json");
        AtomicFiles.writeString(file, "first");
        AtomicFiles.writeString(file, "second");
        assertEquals(Files.readString(file), "second");
        assertEquals(listing(file.getParent()), List.of("summary.json"));
    }

    @Test
    public void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = Files.createTempDirectory("ltq-atomic").resolve("level.json");
        AtomicFiles.writeString(file, "kept");
        IOException e =
                expectThrows(
                        IOException.class,
                        () -> AtomicFiles.write(file, out -> {
                            out.write("half".getBytes());
                            throw new IOException("disk full");
                        }));
        assertEquals(e.getMessage(), "disk full");
        assertEquals(Files.readString(file), "kept");
        assertEquals(listing(file.getParent()), List.of("level.json"));
    }

    @Test
    public void theFileGetsThePermissionsOfAnyNewFile() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            throw new SkipException("no POSIX permissions on this file system");
        }
        Path dir = Files.createTempDirectory("ltq-atomic");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path atomic = dir.resolve("report.html");
        AtomicFiles.writeString(atomic, "x");
        // Files.createTempFile would have made it owner-only (rw-------), so that a web server or
        // a colleague could not read a report.
        assertEquals(Files.getPosixFilePermissions(atomic), Files.getPosixFilePermissions(plain));
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    public void writesTextAsUtf8() throws IOException {
        Path file = Files.createTempDirectory("ltq-atomic").resolve("t.txt");
        AtomicFiles.writeString(file, "θk ⊙ m");
        assertTrue(Files.readString(file).contains("⊙"));
    }
}

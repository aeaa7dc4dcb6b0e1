package io.ltq.mask;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

public class DirectoryMaskStoreTest {

    private Path root;

    @BeforeMethod
    public void makeRoot() throws IOException {
        root = Files.createTempDirectory("ltq-store-test").resolve("run");
    }

    @AfterMethod(alwaysRun = true)
    public void removeRoot() throws IOException {
        NpzMasksTest.deleteTree(root.getParent());
    }

    private static MaskSet masks(long seed) {
        return MaskSet.of(
                Map.of("fc/weight", NpzMasksTest.randomMask(new long[] {20, 30}, 0.3, seed)));
    }

    @Test
    public void savesLoadsAndListsLevels() throws IOException {
        DirectoryMaskStore store = DirectoryMaskStore.of(root);
        assertEquals(store.levels(), List.of());
        assertFalse(store.contains(0));
        for (int level : new int[] {12, 0, 3, 100}) {
            store.save(level, masks(level));
        }
        assertEquals(store.levels(), List.of(0, 3, 12, 100));
        assertTrue(Files.isRegularFile(root.resolve("level_00/mask.npz")));
        assertTrue(Files.isRegularFile(root.resolve("level_03/mask.npz")));
        assertTrue(Files.isRegularFile(root.resolve("level_100/mask.npz")));
        assertEquals(store.path(3), root.resolve("level_03").resolve("mask.npz"));
        for (int level : new int[] {0, 3, 12, 100}) {
            assertTrue(store.contains(level));
            assertEquals(store.load(level), masks(level));
        }
        assertFalse(store.contains(4));
        assertFalse(store.contains(-1));
        assertThrows(NoSuchFileException.class, () -> store.load(4));
        assertThrows(IllegalArgumentException.class, () -> store.save(-1, masks(0)));
        // Replacing a level works.
        store.save(3, masks(99));
        assertEquals(store.load(3), masks(99));
    }

    @Test
    public void saveLeavesNoTemporaryFiles() throws IOException {
        DirectoryMaskStore store = DirectoryMaskStore.of(root);
        store.save(1, masks(1));
        store.save(1, masks(2));
        try (var files = Files.list(root.resolve("level_01"))) {
            assertEquals(files.map(p -> p.getFileName().toString()).toList(), List.of("mask.npz"));
        }
    }

    @Test
    public void levelsIgnoresOtherFolders() throws IOException {
        DirectoryMaskStore store = DirectoryMaskStore.of(root);
        store.save(2, masks(2));
        Files.createDirectories(root.resolve("level_04")); // no mask.npz yet
        Files.createDirectories(root.resolve("level_3"));
        Files.writeString(root.resolve("level_3/mask.npz"), "not canonical");
        Files.createDirectories(root.resolve("level_xx"));
        Files.writeString(root.resolve("level_07"), "a file, not a folder");
        Files.createDirectories(root.resolve("plots"));
        assertEquals(store.levels(), List.of(2));
    }

    @Test
    public void corruptLevelNamesFolderToDelete() throws IOException {
        DirectoryMaskStore store = DirectoryMaskStore.of(root);
        store.save(3, masks(3));
        Path f = store.path(3);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 30));
        CorruptMaskException e = expectThrows(CorruptMaskException.class, () -> store.load(3));
        assertTrue(e.getMessage().startsWith("Mask file " + f + " is damaged ("), e.getMessage());
        assertTrue(
                e.getMessage().endsWith("; delete the level_03 folder and rerun to recompute it."),
                e.getMessage());
    }
}

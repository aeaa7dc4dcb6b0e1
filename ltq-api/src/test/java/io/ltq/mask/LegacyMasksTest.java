package io.ltq.mask;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Files written by the LTQ of commit bc86545, before the format moved its metadata into ZIP
 * comments: format version 1 ({@link MaskFormat#BOOL}) and 2 ({@link MaskFormat#PACKED}), with
 * an {@code ltq_manifest.json} entry. They lie in {@code src/test/resources/io/ltq/mask/legacy}
 * and hold {@link #masks()}; they must read back to exactly those masks, and damage to them must
 * still be reported.
 */
public class LegacyMasksTest {

    private static final String MANIFEST = "ltq_manifest.json";

    private Path dir;

    @BeforeClass
    public void makeDir() throws IOException {
        dir = Files.createTempDirectory("ltq-legacy-test");
    }

    @AfterClass(alwaysRun = true)
    public void removeDir() throws IOException {
        NpzMasksTest.deleteTree(dir);
    }

    /** The masks the legacy files hold, drawn exactly as when they were written. */
    static MaskSet masks() {
        Map<String, Mask> m = new LinkedHashMap<>();
        m.put("features.0/weight", NpzMasksTest.randomMask(new long[] {3, 2, 5, 7}, 0.5, 1));
        m.put("odd", NpzMasksTest.randomMask(new long[] {65}, 0.3, 2));
        m.put("vector", NpzMasksTest.randomMask(new long[] {63}, 0.9, 3));
        m.put("scalar", Mask.ones());
        m.put("scalar_pruned", Mask.builder().build());
        m.put("empty", Mask.ones(0, 4));
        m.put("all_kept", Mask.ones(130));
        m.put("none_kept", Mask.builder(2, 129).build());
        m.put("sparse", NpzMasksTest.randomMask(new long[] {50, 40}, 0.02, 4));
        m.put("dense", NpzMasksTest.randomMask(new long[] {40, 50}, 0.97, 5));
        m.put("fc", NpzMasksTest.randomMask(new long[] {10, 300}, 0.2, 6));
        Mask.Builder runs = Mask.builder(1000);
        for (int i = 100; i < 700; i++) {
            runs.keep(i);
        }
        m.put("runs", runs.build());
        m.put("odd name: \"quote\" \\ ü é", NpzMasksTest.randomMask(new long[] {9}, 0.5, 7));
        return MaskSet.of(m);
    }

    /** Copies a legacy file out of the test resources, so that a test may alter it. */
    private Path copy(String name) throws IOException {
        Path f = dir.resolve(name);
        try (InputStream in = LegacyMasksTest.class.getResourceAsStream("legacy/" + name)) {
            if (in == null) {
                throw new IOException("Missing test resource legacy/" + name);
            }
            Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
        }
        return f;
    }

    @Test
    public void readsVersion1BoolFiles() throws IOException {
        MaskSet back = NpzMasks.read(copy("v1-bool.npz"));
        assertEquals(back, masks());
        assertEquals(List.copyOf(back.names()), List.copyOf(masks().names()));
        assertEquals(NpzMasks.read(copy("v1-bool-empty.npz")).size(), 0);
    }

    @Test
    public void readsVersion2PackedFiles() throws IOException {
        MaskSet back = NpzMasks.read(copy("v2-packed.npz"));
        assertEquals(back, masks());
        assertEquals(List.copyOf(back.names()), List.copyOf(masks().names()));
        assertEquals(NpzMasks.read(copy("v2-packed-empty.npz")).size(), 0);
    }

    @Test
    public void storesLoadLegacyLevels() throws IOException {
        Path root = dir.resolve("run");
        Files.createDirectories(root.resolve("level_03"));
        Files.copy(copy("v2-packed.npz"), root.resolve("level_03/mask.npz"));
        DirectoryMaskStore store = DirectoryMaskStore.of(root);
        assertEquals(store.levels(), List.of(3));
        assertEquals(store.load(3), masks());
    }

    @Test
    public void damageToVersion1FilesIsDetected() throws IOException {
        Path f = copy("v1-bool.npz");
        NpzMasksTest.rewrite(f, "features.0/weight.npy", b -> {
            byte[] c = b.clone();
            c[c.length - 3] ^= 1;
            return c;
        });
        assertDamage(f, "features.0/weight", "checksum");

        f = copy("v1-bool.npz");
        editManifest(f, s -> s.replace("\"kept\": 130", "\"kept\": 129"));
        assertDamage(f, "all_kept");

        f = copy("v1-bool.npz");
        editManifest(f, s -> s.replace("\"shape\": [65]", "\"shape\": [64]"));
        assertDamage(f, "odd.npy");

        f = copy("v1-bool.npz");
        NpzMasksTest.rewrite(f, MANIFEST, null);
        assertDamage(f, MANIFEST);

        f = copy("v1-bool.npz");
        NpzMasksTest.rewrite(f, "sparse.npy", null);
        assertDamage(f, "sparse.npy");

        f = copy("v1-bool.npz");
        NpzMasksTest.rewrite(f, "extra.npy", b -> new byte[] {1});
        assertDamage(f, "extra.npy");

        f = copy("v1-bool.npz");
        editManifest(f, s -> s.replace("\"version\": 1", "\"version\": 3"));
        assertDamage(f, "version 3");

        f = copy("v1-bool.npz");
        editManifest(f, s -> s.substring(0, s.length() / 2));
        assertDamage(f, "not valid JSON");

        f = copy("v1-bool.npz");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 30));
        assertDamage(f);
    }

    @Test
    public void damageToVersion2FilesIsDetected() throws IOException {
        Path f = copy("v2-packed.npz");
        NpzMasksTest.rewrite(f, "fc.npy", b -> {
            byte[] c = b.clone();
            c[c.length - 3] ^= 0x10;
            return c;
        });
        assertDamage(f, "fc", "checksum");

        f = copy("v2-packed.npz");
        editManifest(f, s -> s.replace("\"packbits\"", "\"zstd\""));
        assertDamage(f, "zstd", "encoding");

        f = copy("v2-packed.npz");
        editManifest(f, s -> s.replace("\"version\": 2", "\"version\": 1"));
        assertDamage(f, "bool array");

        f = copy("v2-packed.npz");
        editManifest(f, s -> s.replace("\"kept\": 600", "\"kept\": 601"));
        assertDamage(f, "runs");
    }

    private static void editManifest(Path f, UnaryOperator<String> edit) throws IOException {
        NpzMasksTest.rewrite(f, MANIFEST, b -> {
            String before = new String(b, StandardCharsets.UTF_8);
            String after = edit.apply(before);
            assertTrue(!after.equals(before), "the edit changed nothing");
            return after.getBytes(StandardCharsets.UTF_8);
        });
    }

    private static void assertDamage(Path f, String... words) {
        CorruptMaskException e = expectThrows(CorruptMaskException.class, () -> NpzMasks.read(f));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("Mask file " + f + " is damaged ("), msg);
        assertTrue(msg.endsWith("; delete it and save the masks again."), msg);
        for (String w : words) {
            assertTrue(msg.contains(w), w + " not in: " + msg);
        }
    }
}

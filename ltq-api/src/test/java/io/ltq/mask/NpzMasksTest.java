package io.ltq.mask;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.testng.SkipException;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class NpzMasksTest {

    private Path dir;

    @BeforeClass
    public void makeDir() throws IOException {
        dir = Files.createTempDirectory("ltq-npz-test");
    }

    @AfterClass(alwaysRun = true)
    public void removeDir() throws IOException {
        deleteTree(dir);
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    static Mask randomMask(long[] shape, double density, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Mask.Builder b = Mask.builder(shape);
        long n = Mask.sizeOf(shape);
        for (long i = 0; i < n; i++) {
            if (r.nextDouble() < density) {
                b.keep(i);
            }
        }
        return b.build();
    }

    /** Odd sizes, 0-d and 4-d shapes, empty tensors, all densities, awkward names. */
    static MaskSet awkwardMasks() {
        Map<String, Mask> m = new LinkedHashMap<>();
        m.put("one", randomMask(new long[] {1}, 0.5, 1));
        m.put("features.0/weight", randomMask(new long[] {63}, 0.5, 2));
        m.put("blocks/1/conv.weight", randomMask(new long[] {64}, 0.3, 3));
        m.put("sixty_five", randomMask(new long[] {65}, 0.9, 4));
        m.put("scalar", Mask.ones());
        m.put("scalar_pruned", Mask.builder().build());
        m.put("conv4d", randomMask(new long[] {3, 2, 5, 7}, 0.5, 5));
        m.put("empty", Mask.ones(0, 4));
        m.put("all_kept", Mask.ones(130));
        m.put("none_kept", Mask.builder(2, 129).build());
        m.put("sparse", randomMask(new long[] {50, 40}, 0.02, 6));
        m.put("dense", randomMask(new long[] {40, 50}, 0.97, 7));
        m.put("runs", runs());
        m.put("odd name: \"quote\" \\ ü é", randomMask(new long[] {9}, 0.5, 8));
        m.put("z.npy", randomMask(new long[] {5}, 0.5, 9));
        return MaskSet.of(m);
    }

    /** Long and very long runs, which the encoder splits into several matches. */
    private static Mask runs() {
        Mask.Builder b = Mask.builder(5000);
        int[][] kept = {{0, 3}, {10, 269}, {300, 560}, {561, 562}, {1000, 4990}};
        for (int[] k : kept) {
            for (int i = k[0]; i < k[1]; i++) {
                b.keep(i);
            }
        }
        return b.build();
    }

    @Test
    public void roundTripsExactly() throws IOException {
        MaskSet masks = awkwardMasks();
        Path f = dir.resolve("round/trip.npz");
        NpzMasks.write(f, masks);
        MaskSet back = NpzMasks.read(f);
        assertEquals(back, masks);
        assertEquals(List.copyOf(back.names()), List.copyOf(masks.names()));
        // Overwriting works and equal masks give identical bytes.
        byte[] first = Files.readAllBytes(f);
        NpzMasks.write(f, masks);
        assertEquals(Files.readAllBytes(f), first);
        NpzMasks.write(f, MaskSet.of(Map.of()));
        assertEquals(NpzMasks.read(f).size(), 0);
    }

    @Test
    public void roundTripsRandomDensities() throws IOException {
        Path f = dir.resolve("densities.npz");
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 25; trial++) {
            Map<String, Mask> m = new LinkedHashMap<>();
            for (int t = 0; t < 3; t++) {
                double d = trial % 5 == 0 ? r.nextDouble() * 0.01 : r.nextDouble();
                m.put("t" + t, randomMask(new long[] {1 + r.nextInt(20_000)}, d, r.nextLong()));
            }
            MaskSet masks = MaskSet.of(m);
            NpzMasks.write(f, masks);
            assertEquals(NpzMasks.read(f), masks, "trial " + trial);
        }
    }

    @Test
    public void entriesAreNpyVersion1WithAlignedHeaders() throws IOException {
        MaskSet masks = awkwardMasks();
        Path f = dir.resolve("headers.npz");
        NpzMasks.write(f, masks);
        try (ZipFile zip = new ZipFile(f.toFile())) {
            List<String> names = new ArrayList<>();
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                names.add(en.nextElement().getName());
            }
            List<String> expected = new ArrayList<>();
            masks.names().forEach(n -> expected.add(n + ".npy"));
            expected.add(NpzMasks.MANIFEST_ENTRY);
            assertEquals(names, expected);
            for (String name : masks.names()) {
                ZipEntry e = zip.getEntry(name + ".npy");
                assertEquals(e.getMethod(), ZipEntry.DEFLATED);
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
                assertEquals(Arrays.copyOf(bytes, 8), magic);
                int len = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
                assertEquals((10 + len) % 64, 0, name);
                String header = new String(bytes, 10, len, StandardCharsets.US_ASCII);
                assertTrue(header.endsWith("\n"), name);
                Mask m = masks.get(name);
                assertEquals(bytes.length, 10 + len + m.size());
                byte[] payload = Arrays.copyOfRange(bytes, 10 + len, bytes.length);
                assertEquals(payload, m.toByteArray(), name);
            }
        }
        assertEquals(
                header(300, 784).substring(10).strip(),
                "{'descr': '|b1', 'fortran_order': False, 'shape': (300, 784), }");
        assertTrue(header(5).contains("'shape': (5,), }"));
        assertTrue(header().contains("'shape': (), }"));
    }

    private static String header(long... shape) {
        return new String(NpzMasks.npyHeader(shape), StandardCharsets.US_ASCII);
    }

    @Test
    public void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> NpzMasks.read(dir.resolve("absent.npz")));
    }

    @Test
    public void truncatedFileIsCorrupt() throws IOException {
        Path f = dir.resolve("truncated.npz");
        NpzMasks.write(f, awkwardMasks());
        byte[] all = Files.readAllBytes(f);
        for (int keep : new int[] {0, 10, all.length / 2, all.length - 1}) {
            Files.write(f, Arrays.copyOf(all, keep));
            assertNamesFile(readFails(f), f);
        }
    }

    @Test
    public void notAZipIsCorrupt() throws IOException {
        Path f = dir.resolve("text.npz");
        Files.writeString(f, "this is not a zip archive at all, just some text of some length");
        assertNamesFile(expectThrows(CorruptMaskException.class, () -> NpzMasks.read(f)), f);
    }

    @Test
    public void alteredCompressedByteIsCorrupt() throws IOException {
        Path f = dir.resolve("flipped.npz");
        Map<String, Mask> m = new LinkedHashMap<>();
        m.put("w", randomMask(new long[] {40, 50}, 0.5, 1));
        m.put("v", randomMask(new long[] {40, 50}, 0.05, 2));
        MaskSet masks = MaskSet.of(m);
        NpzMasks.write(f, masks);
        byte[] clean = Files.readAllBytes(f);
        int nameLen = (clean[26] & 0xff) | (clean[27] & 0xff) << 8;
        int dataStart = 30 + nameLen;
        int compressed = (clean[18] & 0xff) | (clean[19] & 0xff) << 8;
        // Bytes of the first entry's data altered one at a time, zip CRCs left alone. A flip in
        // the padding after the end-of-block code changes nothing and may read back fine; any
        // other must be caught, and no alteration may ever yield different masks.
        int caught = 0;
        int tried = 0;
        for (int at = dataStart; at < dataStart + compressed; at += 3) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] bad = clean.clone();
                bad[at] ^= (byte) (1 << bit);
                Files.write(f, bad);
                tried++;
                try {
                    assertEquals(NpzMasks.read(f), masks);
                } catch (CorruptMaskException e) {
                    assertNamesFile(e, f);
                    caught++;
                }
            }
        }
        assertTrue(caught >= tried - 3, caught + " of " + tried);
    }

    @Test
    public void alteredPayloadWithRecomputedCrcsIsCorrupt() throws IOException {
        Path f = dir.resolve("recomputed.npz");
        NpzMasks.write(f, awkwardMasks());
        // Flip one weight of one tensor and repack with valid zip CRCs.
        rewrite(f, "conv4d.npy", b -> {
            byte[] c = b.clone();
            c[c.length - 3] ^= 1;
            return c;
        });
        CorruptMaskException e = expectThrows(CorruptMaskException.class, () -> NpzMasks.read(f));
        assertNamesFile(e, f);
        String msg = e.getMessage();
        assertTrue(msg.contains("conv4d") && msg.contains("checksum"), msg);

        NpzMasks.write(f, awkwardMasks());
        rewrite(f, "one.npy", b -> {
            byte[] c = b.clone();
            c[c.length - 1] = 2;
            return c;
        });
        e = expectThrows(CorruptMaskException.class, () -> NpzMasks.read(f));
        assertTrue(e.getMessage().contains("other than 0 or 1"), e.getMessage());

        NpzMasks.write(f, awkwardMasks());
        rewrite(f, "sixty_five.npy", b -> Arrays.copyOf(b, b.length - 1));
        e = expectThrows(CorruptMaskException.class, () -> NpzMasks.read(f));
        assertTrue(e.getMessage().contains("fewer values"), e.getMessage());

        NpzMasks.write(f, awkwardMasks());
        rewrite(f, "sixty_five.npy", b -> Arrays.copyOf(b, b.length + 1));
        e = expectThrows(CorruptMaskException.class, () -> NpzMasks.read(f));
        assertTrue(e.getMessage().contains("more values"), e.getMessage());

        NpzMasks.write(f, awkwardMasks());
        rewrite(f, "one.npy", b -> new String(b, StandardCharsets.ISO_8859_1)
                .replace("'|b1'", "'<u1'").getBytes(StandardCharsets.ISO_8859_1));
        e = expectThrows(CorruptMaskException.class, () -> NpzMasks.read(f));
        assertTrue(e.getMessage().contains("bool array"), e.getMessage());

        NpzMasks.write(f, awkwardMasks());
        rewrite(f, "one.npy", b -> new String(b, StandardCharsets.ISO_8859_1)
                .replace("'shape': (1,)", "'shape': [1,]").getBytes(StandardCharsets.ISO_8859_1));
        e = expectThrows(CorruptMaskException.class, () -> NpzMasks.read(f));
        assertTrue(e.getMessage().contains("bad .npy header"), e.getMessage());

        NpzMasks.write(f, awkwardMasks());
        rewrite(f, NpzMasks.MANIFEST_ENTRY, b -> new String(b, StandardCharsets.UTF_8)
                .replace("\"kept\": 130", "\"kept\": 129").getBytes(StandardCharsets.UTF_8));
        e = expectThrows(CorruptMaskException.class, () -> NpzMasks.read(f));
        assertTrue(e.getMessage().contains("all_kept"), e.getMessage());
    }

    @Test
    public void missingOrExtraEntriesAreCorrupt() throws IOException {
        Path f = dir.resolve("entries.npz");
        NpzMasks.write(f, awkwardMasks());
        rewrite(f, NpzMasks.MANIFEST_ENTRY, null);
        assertTrue(readFails(f).getMessage().contains(NpzMasks.MANIFEST_ENTRY));

        NpzMasks.write(f, awkwardMasks());
        rewrite(f, "sparse.npy", null);
        assertTrue(readFails(f).getMessage().contains("sparse.npy"));

        NpzMasks.write(f, awkwardMasks());
        rewrite(f, "extra.npy", b -> new byte[] {1});
        assertTrue(readFails(f).getMessage().contains("extra.npy"));

        NpzMasks.write(f, awkwardMasks());
        String newer = "{\"format\": \"ltq-masks\", \"version\": 3, \"tensors\": []}";
        rewrite(f, NpzMasks.MANIFEST_ENTRY, b -> newer.getBytes(StandardCharsets.UTF_8));
        assertTrue(readFails(f).getMessage().contains("version 3"));

        NpzMasks.write(f, awkwardMasks());
        rewrite(f, NpzMasks.MANIFEST_ENTRY, b -> "{\"format\": ".getBytes(StandardCharsets.UTF_8));
        assertTrue(readFails(f).getMessage().contains("not valid JSON"));
    }

    @Test
    public void failedWriteLeavesNoTempFileAndKeepsTarget() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("failing"));
        // A non-empty directory where the file should go: the final rename must fail.
        Path target = Files.createDirectories(sub.resolve("mask.npz"));
        Files.writeString(target.resolve("keep.txt"), "x");
        assertThrows(IOException.class, () -> NpzMasks.write(target, awkwardMasks()));
        try (var files = Files.list(sub)) {
            assertEquals(files.map(p -> p.getFileName().toString()).toList(), List.of("mask.npz"));
        }
    }

    @Test
    public void numpyReadsTheFile() throws Exception {
        MaskSet masks = awkwardMasks();
        Path f = dir.resolve("numpy.npz");
        NpzMasks.write(f, masks);
        String script = String.join("\n",
                "import sys, json",
                "try:",
                "    import numpy as np",
                "except ImportError:",
                "    sys.exit(3)",
                "out = {}",
                "with np.load(sys.argv[1]) as z:",
                "    for k in z.files:",
                "        if k == 'ltq_manifest.json':",
                "            continue",
                "        a = z[k]",
                "        out[k] = {'dtype': str(a.dtype), 'shape': list(a.shape),",
                "                  'bits': ''.join('1' if x else '0' for x in a.ravel())}",
                "sys.stdout.write(json.dumps(out))");
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script, f.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new SkipException("python3 is not installed: " + e.getMessage());
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        p.getInputStream().transferTo(buf);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 did not finish");
        }
        String output = buf.toString(StandardCharsets.UTF_8);
        if (p.exitValue() == 3) {
            throw new SkipException("numpy is not installed for python3");
        }
        assertEquals(p.exitValue(), 0, output);
        @SuppressWarnings("unchecked")
        Map<String, Object> arrays = (Map<String, Object>) MiniJson.parse(output);
        assertEquals(arrays.keySet(), masks.names());
        for (String name : masks.names()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> a = (Map<String, Object>) arrays.get(name);
            Mask m = masks.get(name);
            assertEquals(a.get("dtype"), "bool", name);
            List<Object> shape = new ArrayList<>();
            for (long d : m.getShape()) {
                shape.add(d);
            }
            assertEquals(a.get("shape"), shape, name);
            StringBuilder bits = new StringBuilder();
            for (byte b : m.toByteArray()) {
                bits.append(b);
            }
            assertEquals(a.get("bits"), bits.toString(), name);
        }
    }

    private static CorruptMaskException readFails(Path f) {
        return expectThrows(CorruptMaskException.class, () -> NpzMasks.read(f));
    }

    private static void assertNamesFile(CorruptMaskException e, Path f) {
        String msg = e.getMessage();
        assertTrue(msg.startsWith("Mask file " + f + " is damaged ("), msg);
        assertTrue(msg.endsWith("; delete it and save the masks again."), msg);
    }

    /**
     * Repacks the archive with {@link ZipOutputStream}, so all zip CRCs are valid, after changing
     * one entry: {@code edit} maps its bytes (null removes it; a new name adds it).
     */
    static void rewrite(Path f, String entry, UnaryOperator<byte[]> edit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(f.toFile())) {
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        if (edit == null) {
            entries.remove(entry);
        } else {
            entries.put(entry, edit.apply(entries.getOrDefault(entry, new byte[0])));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Files.write(f, out.toByteArray());
    }
}

package io.ltq.mask;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ltq.files.Npy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TimeZone;
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

    /** A mask's shape as Gson reads a JSON list of numbers: doubles. */
    static List<Object> jsonShape(Mask m) {
        List<Object> shape = new ArrayList<>();
        for (long d : m.getShape()) {
            shape.add((double) d);
        }
        return shape;
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
    public void bytesDoNotDependOnTheTimeZone() throws IOException {
        Path utc = dir.resolve("utc.npz");
        Path ny = dir.resolve("ny.npz");
        TimeZone saved = TimeZone.getDefault();
        for (MaskFormat format : MaskFormat.values()) {
            try {
                TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
                NpzMasks.write(utc, awkwardMasks(), format);
                TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
                NpzMasks.write(ny, awkwardMasks(), format);
            } finally {
                TimeZone.setDefault(saved);
            }
            assertEquals(Files.readAllBytes(ny), Files.readAllBytes(utc), format.toString());
        }
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

    /** Runs of every scale and extreme masks, in both formats (what BoolDeflateTest covered). */
    @Test
    public void roundTripsRunsAndExtremes() throws IOException {
        Path f = dir.resolve("extremes.npz");
        Map<String, Mask> m = new LinkedHashMap<>();
        for (int size : new int[] {1, 2, 3, 4, 63, 64, 65, 258, 259, 260, 261, 517, 100_000}) {
            m.put("none" + size, Mask.builder(size).build());
            m.put("all" + size, Mask.ones(size));
            Mask.Builder alternating = Mask.builder(size);
            for (int i = 0; i < size; i += 2) {
                alternating.keep(i);
            }
            m.put("alternating" + size, alternating.build());
        }
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 30; trial++) {
            int size = 1 + r.nextInt(70_000);
            Mask.Builder b = Mask.builder(size);
            // Geometric-ish run lengths from 1 to several thousand, both values.
            boolean v = r.nextBoolean();
            double scale = Math.pow(2, r.nextInt(13));
            for (int i = 0; i < size; v = !v) {
                int len = 1 + (int) (-Math.log(1 - r.nextDouble()) * scale);
                for (int j = i; j < Math.min(size, i + len); j++) {
                    if (v) {
                        b.keep(j);
                    }
                }
                i += len;
            }
            m.put("runs" + trial, b.build());
        }
        MaskSet masks = MaskSet.of(m);
        for (MaskFormat format : MaskFormat.values()) {
            NpzMasks.write(f, masks, format);
            assertEquals(NpzMasks.read(f), masks, format.toString());
        }
        // One million zeros compress to a few kilobytes.
        NpzMasks.write(f, MaskSet.of(Map.of("zeros", Mask.builder(1 << 20).build())));
        assertTrue(Files.size(f) < 6000, Files.size(f) + " bytes");
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
            // Only the masks: LTQ's metadata lies in the comments, out of numpy.load's way.
            List<String> expected = new ArrayList<>();
            masks.names().forEach(n -> expected.add(n + ".npy"));
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
        return new String(Npy.header("|b1", shape), StandardCharsets.US_ASCII);
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
        // Cut anywhere: in an entry, the central directory, the archive comment.
        for (int keep = 1; keep < all.length; keep += 53) {
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
        int[] first = entryData(f).get("w.npy");
        int dataStart = first[0];
        int compressed = first[1] - first[0];
        assertTrue(compressed > 100, "compressed " + compressed);
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
        rewriteComment(f, "all_kept.npy", c -> c.replace("\"kept\":130", "\"kept\":129"));
        e = expectThrows(CorruptMaskException.class, () -> NpzMasks.read(f));
        assertTrue(e.getMessage().contains("all_kept"), e.getMessage());
    }

    @Test
    public void missingOrExtraEntriesAreCorrupt() throws IOException {
        Path f = dir.resolve("entries.npz");
        NpzMasks.write(f, awkwardMasks());
        rewriteArchiveComment(f, c -> null);
        assertTrue(readFails(f).getMessage().contains(NpzMasks.MANIFEST_ENTRY));

        NpzMasks.write(f, awkwardMasks());
        rewrite(f, "sparse.npy", null);
        assertTrue(readFails(f).getMessage().contains("sparse.npy"));

        NpzMasks.write(f, awkwardMasks());
        rewrite(f, "extra.npy", b -> new byte[] {1});
        assertTrue(readFails(f).getMessage().contains("extra.npy"));

        NpzMasks.write(f, awkwardMasks());
        int newer = NpzMasks.FORMAT_VERSION + 1;
        rewriteArchiveComment(f,
                c -> "{\"format\": \"ltq-masks\", \"version\": " + newer + ", \"tensors\": []}");
        assertTrue(readFails(f).getMessage().contains("version " + newer));

        NpzMasks.write(f, awkwardMasks());
        rewriteArchiveComment(f, c -> "{\"format\": ");
        assertTrue(readFails(f).getMessage().contains("not valid JSON"));
    }

    @Test
    public void renamedOrReorderedEntriesAreCorrupt() throws IOException {
        Path f = dir.resolve("order.npz");
        NpzMasks.write(f, awkwardMasks());
        renameEntry(f, "sparse.npy", "sparse2.npy");
        assertTrue(readFails(f).getMessage().contains("sparse2.npy"));

        // Renamed in the archive comment's list instead.
        NpzMasks.write(f, awkwardMasks());
        rewriteArchiveComment(f, c -> c.replace("\"sparse\"", "\"sparse2\""));
        assertTrue(readFails(f).getMessage().contains("sparse"));

        NpzMasks.write(f, awkwardMasks());
        rewriteAll(f, entries -> {
            Map<String, Entry> swapped = new LinkedHashMap<>();
            swapped.put("dense.npy", entries.get("dense.npy"));
            entries.forEach((k, v) -> swapped.putIfAbsent(k, v));
            return swapped;
        });
        String msg = readFails(f).getMessage();
        assertTrue(msg.contains("out of order") && msg.contains("dense.npy"), msg);

        // The archive comment's order changed instead of the entries'.
        NpzMasks.write(f, awkwardMasks());
        rewriteArchiveComment(f, c -> {
            JsonObject doc = JsonParser.parseString(c).getAsJsonObject();
            JsonArray names = doc.getAsJsonArray("tensors");
            JsonArray reversed = new JsonArray();
            for (int i = names.size() - 1; i >= 0; i--) {
                reversed.add(names.get(i));
            }
            doc.add("tensors", reversed);
            return new Gson().toJson(doc);
        });
        assertTrue(readFails(f).getMessage().contains("out of order"));

        NpzMasks.write(f, awkwardMasks());
        rewriteArchiveComment(f, c -> c.replace("\"sparse\"", "\"dense\""));
        assertTrue(readFails(f).getMessage().contains("twice"));
    }

    @Test
    public void alteredMetadataIsCorrupt() throws IOException {
        Path f = dir.resolve("metadata.npz");
        NpzMasks.write(f, awkwardMasks());
        rewriteComment(f, "sparse.npy", c -> c.replace("[50,40]", "[40,50]"));
        String msg = readFails(f).getMessage();
        assertTrue(msg.contains("sparse.npy") && msg.contains("[40, 50]"), msg);

        NpzMasks.write(f, awkwardMasks());
        rewriteComment(f, "runs.npy", c -> {
            int at = c.indexOf("\"sha256\":\"") + 10;
            return c.substring(0, at) + (c.charAt(at) == '0' ? '1' : '0') + c.substring(at + 1);
        });
        msg = readFails(f).getMessage();
        assertTrue(msg.contains("runs") && msg.contains("checksum"), msg);

        NpzMasks.write(f, awkwardMasks());
        rewriteComment(f, "conv4d.npy", c -> null);
        msg = readFails(f).getMessage();
        assertTrue(msg.contains("conv4d.npy") && msg.contains("no comment"), msg);

        NpzMasks.write(f, awkwardMasks());
        rewriteComment(f, "conv4d.npy", c -> c.substring(0, c.length() - 1));
        msg = readFails(f).getMessage();
        assertTrue(msg.contains("conv4d.npy") && msg.contains("not valid JSON"), msg);

        NpzMasks.write(f, awkwardMasks());
        rewriteComment(f, "all_kept.npy", c -> c.replace("\"kept\":130", "\"kept\":130.5"));
        msg = readFails(f).getMessage();
        assertTrue(msg.contains("all_kept.npy") && msg.contains("'kept'"), msg);

        NpzMasks.write(f, awkwardMasks());
        rewriteArchiveComment(f, c -> c.replace("\"ltq-masks\"", "\"other\""));
        assertTrue(readFails(f).getMessage().contains("does not name the format"));

        NpzMasks.write(f, awkwardMasks());
        rewriteArchiveComment(f, c -> c.replace("\"bool\"", "\"zstd\""));
        msg = readFails(f).getMessage();
        assertTrue(msg.contains("zstd") && msg.contains("encoding"), msg);

        // An archive comment that is JSON but not LTQ's, and one cut short.
        NpzMasks.write(f, awkwardMasks());
        rewriteArchiveComment(f, c -> "[1, 2]");
        assertTrue(readFails(f).getMessage().contains("archive comment"));
        NpzMasks.write(f, awkwardMasks());
        rewriteArchiveComment(f, c -> c.substring(0, c.length() - 2));
        assertTrue(readFails(f).getMessage().contains("not valid JSON"));
    }

    @Test
    public void flippedByteInAnyEntryIsCorrupt() throws IOException {
        Path f = dir.resolve("every-entry.npz");
        MaskSet masks = awkwardMasks();
        NpzMasks.write(f, masks);
        byte[] clean = Files.readAllBytes(f);
        int caught = 0;
        int tried = 0;
        for (Map.Entry<String, int[]> e : entryData(f).entrySet()) {
            int[] range = e.getValue();
            // The first, middle and last byte of each entry's compressed data.
            for (int at : new int[] {range[0], (range[0] + range[1]) / 2, range[1] - 1}) {
                byte[] bad = clean.clone();
                bad[at] ^= 0x21;
                Files.write(f, bad);
                tried++;
                try {
                    // An undetected flip may only be one that changes nothing.
                    assertEquals(NpzMasks.read(f), masks, e.getKey());
                } catch (CorruptMaskException x) {
                    assertNamesFile(x, f);
                    caught++;
                }
            }
        }
        assertTrue(tried >= 3 * masks.size(), tried + " flips");
        // Only a flip in the padding bits after the last block's end may go unseen.
        assertTrue(caught >= tried - masks.size(), caught + " of " + tried);
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
        // What a NumPy user does: every array of m.files, and nothing else, is a mask. The
        // comments are LTQ's metadata, which zipfile reads and numpy.load ignores.
        String script = String.join("\n",
                "import sys, json, zipfile",
                "try:",
                "    import numpy as np",
                "except ImportError:",
                "    sys.exit(3)",
                "out = {}",
                "with np.load(sys.argv[1]) as m:",
                "    masks = {k: m[k] for k in m.files}",
                "with zipfile.ZipFile(sys.argv[1]) as z:",
                "    archive = json.loads(z.comment)",
                "    for k, a in masks.items():",
                "        info = json.loads(z.getinfo(k + '.npy').comment)",
                "        out[k] = {'dtype': str(a.dtype), 'shape': list(a.shape),",
                "                  'bits': ''.join('1' if x else '0' for x in a.ravel()),",
                "                  'comment_shape': info['shape'], 'kept': info['kept'],",
                "                  'sha256_ok': info['sha256'] == __import__('hashlib').sha256(",
                "                      np.packbits(a.ravel(), bitorder='little').tobytes())",
                "                      .hexdigest()}",
                "sys.stdout.write(json.dumps({'files': list(masks), 'archive': archive,",
                "                             'arrays': out}))");
        Map<?, ?> result = runPython(script, f);
        assertEquals(result.get("files"), List.copyOf(masks.names()));
        Map<?, ?> archive = (Map<?, ?>) result.get("archive");
        assertEquals(archive.get("format"), NpzMasks.FORMAT);
        assertEquals(archive.get("version"), (double) NpzMasks.FORMAT_VERSION);
        assertEquals(archive.get("encoding"), "bool");
        assertEquals(archive.get("tensors"), List.copyOf(masks.names()));
        Map<?, ?> arrays = (Map<?, ?>) result.get("arrays");
        assertEquals(arrays.keySet(), masks.names());
        for (String name : masks.names()) {
            Map<?, ?> a = (Map<?, ?>) arrays.get(name);
            Mask m = masks.get(name);
            assertEquals(a.get("dtype"), "bool", name);
            List<Object> shape = jsonShape(m);
            assertEquals(a.get("shape"), shape, name);
            assertEquals(a.get("comment_shape"), shape, name);
            assertEquals(a.get("kept"), (double) m.countKept(), name);
            assertEquals(a.get("sha256_ok"), true, name);
            StringBuilder bits = new StringBuilder();
            for (byte b : m.toByteArray()) {
                bits.append(b);
            }
            assertEquals(a.get("bits"), bits.toString(), name);
        }
    }

    /**
     * Runs a Python script with a file as its argument and parses the JSON it prints; skips the
     * test when python3 or numpy (exit code 3) is missing.
     */
    static Map<?, ?> runPython(String script, Path file) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script, file.toString())
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
        return new Gson().fromJson(output, Map.class);
    }

    private static CorruptMaskException readFails(Path f) {
        return expectThrows(CorruptMaskException.class, () -> NpzMasks.read(f));
    }

    private static void assertNamesFile(CorruptMaskException e, Path f) {
        String msg = e.getMessage();
        assertTrue(msg.startsWith("Mask file " + f + " is damaged ("), msg);
        assertTrue(msg.endsWith("; delete it and save the masks again."), msg);
    }

    /** An entry's bytes and comment, for the rewriting helpers. */
    record Entry(byte[] data, String comment) {}

    /**
     * Repacks the archive with {@link ZipOutputStream}, so all zip CRCs are valid, after changing
     * one entry: {@code edit} maps its bytes (null removes it; a new name adds it). Comments are
     * kept.
     */
    static void rewrite(Path f, String entry, UnaryOperator<byte[]> edit) throws IOException {
        rewriteAll(f, entries -> {
            if (edit == null) {
                entries.remove(entry);
            } else {
                Entry old = entries.getOrDefault(entry, new Entry(new byte[0], null));
                entries.put(entry, new Entry(edit.apply(old.data()), old.comment()));
            }
            return entries;
        });
    }

    /** Repacks the archive after mapping one entry's comment (to null to remove it). */
    static void rewriteComment(Path f, String entry, UnaryOperator<String> edit)
            throws IOException {
        rewriteAll(f, entries -> {
            Entry old = entries.get(entry);
            String changed = edit.apply(old.comment());
            assertTrue(changed == null || !changed.equals(old.comment()), "no change");
            entries.put(entry, new Entry(old.data(), changed));
            return entries;
        });
    }

    /** Repacks the archive with an entry renamed, in its place. */
    static void renameEntry(Path f, String from, String to) throws IOException {
        rewriteAll(f, entries -> {
            Map<String, Entry> out = new LinkedHashMap<>();
            entries.forEach((k, v) -> out.put(k.equals(from) ? to : k, v));
            return out;
        });
    }

    /** Repacks the archive after mapping its comment (to null to remove it). */
    static void rewriteArchiveComment(Path f, UnaryOperator<String> edit) throws IOException {
        rewriteAll(f, UnaryOperator.identity(), edit);
    }

    /** Repacks the archive after mapping its entries, in order; the archive comment is kept. */
    static void rewriteAll(Path f, UnaryOperator<Map<String, Entry>> edit) throws IOException {
        rewriteAll(f, edit, UnaryOperator.identity());
    }

    private static void rewriteAll(Path f, UnaryOperator<Map<String, Entry>> edit,
            UnaryOperator<String> commentEdit) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        String comment;
        try (ZipFile zip = new ZipFile(f.toFile())) {
            comment = zip.getComment();
            for (ZipEntry e : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName(), new Entry(in.readAllBytes(), e.getComment()));
                }
            }
        }
        entries = edit.apply(entries);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                ze.setComment(e.getValue().comment());
                zip.putNextEntry(ze);
                zip.write(e.getValue().data());
                zip.closeEntry();
            }
            zip.setComment(commentEdit.apply(comment));
        }
        Files.write(f, out.toByteArray());
    }

    /**
     * Where each entry's compressed data lies in the file, {@code [start, end)}, from the local
     * headers and the sizes in the central directory.
     */
    static Map<String, int[]> entryData(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        Map<String, int[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(f.toFile())) {
            int pos = 0;
            for (ZipEntry e : Collections.list(zip.entries())) {
                assertEquals(u16(b, pos) | u16(b, pos + 2) << 16, 0x04034b50, "local header");
                int flags = u16(b, pos + 6);
                int start = pos + 30 + u16(b, pos + 26) + u16(b, pos + 28);
                int end = start + (int) e.getCompressedSize();
                out.put(e.getName(), new int[] {start, end});
                // A data descriptor (signature, CRC, sizes) follows data of unknown size.
                pos = end + ((flags & 8) != 0 ? 16 : 0);
            }
        }
        return out;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

}

package io.ltq.mask;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** The {@link MaskFormat#PACKED} layout: exact round trips, size, detection and damage. */
public class PackedMasksTest {

    private Path dir;

    @BeforeClass
    public void makeDir() throws IOException {
        dir = Files.createTempDirectory("ltq-packed-test");
    }

    @AfterClass(alwaysRun = true)
    public void removeDir() throws IOException {
        NpzMasksTest.deleteTree(dir);
    }

    @Test
    public void roundTripsExactly() throws IOException {
        MaskSet masks = NpzMasksTest.awkwardMasks();
        Path f = dir.resolve("round.npz");
        NpzMasks.write(f, masks, MaskFormat.PACKED);
        MaskSet back = NpzMasks.read(f);
        assertEquals(back, masks);
        assertEquals(List.copyOf(back.names()), List.copyOf(masks.names()));
        byte[] first = Files.readAllBytes(f);
        NpzMasks.write(f, masks, MaskFormat.PACKED);
        assertEquals(Files.readAllBytes(f), first);
    }

    @Test
    public void roundTripsRandomSizesAndDensities() throws IOException {
        Path f = dir.resolve("densities.npz");
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 25; trial++) {
            Map<String, Mask> m = new LinkedHashMap<>();
            for (int t = 0; t < 3; t++) {
                double d = trial % 5 == 0 ? r.nextDouble() * 0.01 : r.nextDouble();
                m.put("t" + t, NpzMasksTest.randomMask(
                        new long[] {1 + r.nextInt(20_000)}, d, r.nextLong()));
            }
            MaskSet masks = MaskSet.of(m);
            NpzMasks.write(f, masks, MaskFormat.PACKED);
            assertEquals(NpzMasks.read(f), masks, "trial " + trial);
        }
    }

    @Test
    public void entriesAreNumpyPackbitsBytes() throws IOException {
        // Weights 0, 9 and 15 kept out of 17: bytes 1000_0000, 0100_0001, 0000_0000.
        Mask m = Mask.builder(17).keep(0).keep(9).keep(15).build();
        Path f = dir.resolve("bits.npz");
        NpzMasks.write(f, MaskSet.of(Map.of("w", m)), MaskFormat.PACKED);
        try (ZipFile zip = new ZipFile(f.toFile())) {
            byte[] bytes;
            try (InputStream in = zip.getInputStream(zip.getEntry("w.npy"))) {
                bytes = in.readAllBytes();
            }
            int len = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            assertEquals((10 + len) % 64, 0);
            String header = new String(bytes, 10, len, StandardCharsets.US_ASCII).strip();
            assertEquals(header, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }");
            assertEquals(Arrays.copyOfRange(bytes, 10 + len, bytes.length),
                    new byte[] {(byte) 0x80, 0x41, 0x00});
            JsonObject doc = JsonParser.parseString(zip.getComment()).getAsJsonObject();
            assertEquals(doc.get("version").getAsInt(), NpzMasks.FORMAT_VERSION);
            assertEquals(doc.get("encoding").getAsString(), "packbits");
            JsonObject tensor =
                    JsonParser.parseString(zip.getEntry("w.npy").getComment()).getAsJsonObject();
            assertEquals(tensor.get("shape").toString(), "[17]");
            assertEquals(tensor.get("kept").getAsLong(), 3L);
        }
    }

    @Test
    public void boolFilesNameTheirEncoding() throws IOException {
        Path f = dir.resolve("bool.npz");
        NpzMasks.write(f, NpzMasksTest.awkwardMasks());
        try (ZipFile zip = new ZipFile(f.toFile())) {
            JsonObject doc = JsonParser.parseString(zip.getComment()).getAsJsonObject();
            assertEquals(doc.get("version").getAsInt(), NpzMasks.FORMAT_VERSION);
            assertEquals(doc.get("encoding").getAsString(), "bool");
            assertTrue(!doc.has("unpack"));
        }
    }

    @Test
    public void smallerThanBoolAndWithinTheTargets() throws IOException {
        long[] shape = {1000, 1000};
        for (double density : new double[] {0.5, 0.05}) {
            MaskSet masks = MaskSet.of(Map.of("w", NpzMasksTest.randomMask(shape, density, 3)));
            Path packed = dir.resolve("size-packed.npz");
            Path bool = dir.resolve("size-bool.npz");
            NpzMasks.write(packed, masks, MaskFormat.PACKED);
            NpzMasks.write(bool, masks, MaskFormat.BOOL);
            double perWeight = Files.size(packed) / 1e6;
            assertTrue(Files.size(packed) < Files.size(bool), density + ": " + perWeight);
            assertTrue(perWeight <= (density == 0.5 ? 0.15 : 0.05), density + ": " + perWeight);
        }
    }

    @Test
    public void storesDetectTheFormatOnLoad() throws IOException {
        Path root = dir.resolve("run");
        DirectoryMaskStore packed =
                DirectoryMaskStore.builder(root).optFormat(MaskFormat.PACKED).build();
        DirectoryMaskStore bool = DirectoryMaskStore.of(root);
        assertEquals(packed.format(), MaskFormat.PACKED);
        assertEquals(bool.format(), MaskFormat.BOOL);
        MaskSet a = NpzMasksTest.awkwardMasks();
        MaskSet b = MaskSet.of(Map.of("w", NpzMasksTest.randomMask(new long[] {7, 9}, 0.4, 2)));
        packed.save(1, a);
        bool.save(2, b);
        assertEquals(bool.load(1), a);
        assertEquals(packed.load(2), b);
        assertEquals(packed.levels(), List.of(1, 2));
    }

    @Test
    public void damageIsDetected() throws IOException {
        Path f = dir.resolve("damaged.npz");
        MaskSet masks = NpzMasksTest.awkwardMasks();

        NpzMasks.write(f, masks, MaskFormat.PACKED);
        NpzMasksTest.rewrite(f, "conv4d.npy", b -> {
            byte[] c = b.clone();
            c[c.length - 3] ^= 0x10;
            return c;
        });
        assertDamage(f, "conv4d", "checksum");

        // 65 weights take 9 bytes; the low 7 bits of the last one are padding.
        NpzMasks.write(f, masks, MaskFormat.PACKED);
        NpzMasksTest.rewrite(f, "sixty_five.npy", b -> {
            byte[] c = b.clone();
            c[c.length - 1] |= 1;
            return c;
        });
        assertDamage(f, "sixty_five", "beyond its 65 weights");

        NpzMasks.write(f, masks, MaskFormat.PACKED);
        NpzMasksTest.rewrite(f, "sixty_five.npy", b -> Arrays.copyOf(b, b.length - 1));
        assertDamage(f, "sixty_five", "fewer bytes");

        NpzMasks.write(f, masks, MaskFormat.PACKED);
        NpzMasksTest.rewrite(f, "sixty_five.npy", b -> Arrays.copyOf(b, b.length + 1));
        assertDamage(f, "sixty_five", "more bytes");

        NpzMasks.write(f, masks, MaskFormat.PACKED);
        NpzMasksTest.rewrite(f, "one.npy", b -> new String(b, StandardCharsets.ISO_8859_1)
                .replace("'|u1'", "'|b1'").getBytes(StandardCharsets.ISO_8859_1));
        assertDamage(f, "one.npy", "packed uint8");

        NpzMasks.write(f, masks, MaskFormat.PACKED);
        NpzMasksTest.rewriteArchiveComment(f, c -> c.replace("\"packbits\"", "\"zstd\""));
        assertDamage(f, "zstd", "encoding");

        // Packed entries read as bool ones.
        NpzMasks.write(f, masks, MaskFormat.PACKED);
        NpzMasksTest.rewriteArchiveComment(f, c -> c.replace("\"packbits\"", "\"bool\""));
        assertDamage(f, "one.npy", "bool array");

        // Bool entries read as packed ones.
        NpzMasks.write(f, masks, MaskFormat.BOOL);
        NpzMasksTest.rewriteArchiveComment(f, c -> c.replace("\"bool\"", "\"packbits\""));
        assertDamage(f, "one.npy", "packed uint8");

        NpzMasks.write(f, masks, MaskFormat.PACKED);
        NpzMasksTest.rewriteComment(f, "runs.npy", c -> c.replace("\"kept\":", "\"kept\":1"));
        assertDamage(f, "runs", "keeps");

        NpzMasks.write(f, masks, MaskFormat.PACKED);
        NpzMasksTest.rewriteComment(f, "conv4d.npy", c -> c.replace("[3,2,5,7]", "[3,2,5,8]"));
        assertDamage(f, "conv4d.npy", "packed uint8");
    }

    @Test
    public void alteredCompressedBytesAreCaught() throws IOException {
        Path f = dir.resolve("flipped.npz");
        Map<String, Mask> m = new LinkedHashMap<>();
        m.put("w", NpzMasksTest.randomMask(new long[] {40, 50}, 0.5, 1));
        m.put("v", NpzMasksTest.randomMask(new long[] {40, 50}, 0.05, 2));
        MaskSet masks = MaskSet.of(m);
        NpzMasks.write(f, masks, MaskFormat.PACKED);
        byte[] clean = Files.readAllBytes(f);
        int[] first = NpzMasksTest.entryData(f).get("w.npy");
        int dataStart = first[0];
        int compressed = first[1] - first[0];
        assertTrue(compressed > 100, "compressed " + compressed);
        int caught = 0;
        int tried = 0;
        for (int at = dataStart; at < dataStart + compressed; at += 5) {
            byte[] bad = clean.clone();
            bad[at] ^= 0x04;
            Files.write(f, bad);
            tried++;
            try {
                // An undetected flip may only be one that changes nothing.
                assertEquals(NpzMasks.read(f), masks);
            } catch (CorruptMaskException e) {
                caught++;
            }
        }
        assertTrue(caught >= tried - 3, caught + " of " + tried);
    }

    @Test
    public void numpyUnpacksTheFile() throws Exception {
        MaskSet masks = NpzMasksTest.awkwardMasks();
        Path f = dir.resolve("numpy.npz");
        NpzMasks.write(f, masks, MaskFormat.PACKED);
        // The one-liner the format documents, with the shape from the entry's comment.
        String script = String.join("\n",
                "import sys, json, zipfile",
                "try:",
                "    import numpy as np",
                "except ImportError:",
                "    sys.exit(3)",
                "out = {}",
                "with np.load(sys.argv[1]) as z, zipfile.ZipFile(sys.argv[1]) as zf:",
                "    files = list(z.files)",
                "    for name in json.loads(zf.comment)['tensors']:",
                "        shape = tuple(json.loads(zf.getinfo(name + '.npy').comment)['shape'])",
                "        a = z[name]",
                "        m = np.unpackbits(a, count=int(np.prod(shape))).reshape(shape)"
                        + ".astype(bool)",
                "        out[name] = {'dtype': str(m.dtype), 'shape': list(m.shape),",
                "                  'bits': ''.join('1' if x else '0' for x in m.ravel())}",
                "sys.stdout.write(json.dumps({'files': files, 'arrays': out}))");
        Map<?, ?> result = NpzMasksTest.runPython(script, f);
        assertEquals(result.get("files"), List.copyOf(masks.names()));
        Map<?, ?> arrays = (Map<?, ?>) result.get("arrays");
        assertEquals(arrays.keySet(), masks.names());
        for (String name : masks.names()) {
            Map<?, ?> a = (Map<?, ?>) arrays.get(name);
            Mask m = masks.get(name);
            assertEquals(a.get("dtype"), "bool", name);
            List<Object> shape = NpzMasksTest.jsonShape(m);
            assertEquals(a.get("shape"), shape, name);
            StringBuilder bits = new StringBuilder();
            for (byte b : m.toByteArray()) {
                bits.append(b);
            }
            assertEquals(a.get("bits"), bits.toString(), name);
        }
    }

    private static void assertDamage(Path f, String... words) {
        CorruptMaskException e = expectThrows(CorruptMaskException.class, () -> NpzMasks.read(f));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("Mask file " + f + " is damaged ("), msg);
        for (String w : words) {
            assertTrue(msg.contains(w), w + " not in: " + msg);
        }
    }
}

package io.ltq.files;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.testng.annotations.Test;

/** Weights as numpy.savez writes them: read back exactly, headers as NumPy parses them. */
public class Float32NpzTest {

    private static Map<String, Float32Npz.Tensor> tensors() {
        Map<String, Float32Npz.Tensor> t = new LinkedHashMap<>();
        float[] w = new float[300 * 7];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i) * 1e-3f;
        }
        w[5] = -0f;
        w[6] = Float.MIN_VALUE;
        t.put("02fc1_weight", new Float32Npz.Tensor(new long[] {300, 7}, w));
        t.put("02fc1_bias", new Float32Npz.Tensor(new long[] {300}, new float[300]));
        t.put("conv", new Float32Npz.Tensor(new long[] {2, 3, 1, 2}, new float[12]));
        return t;
    }

    @Test
    public void roundTripIsBitExact() throws Exception {
        Path file = Files.createTempDirectory("ltq-npz").resolve("trained.npz");
        Map<String, Float32Npz.Tensor> written = tensors();
        Float32Npz.write(file, written);
        Map<String, Float32Npz.Tensor> read = Float32Npz.read(file);
        assertEquals(read.keySet(), written.keySet());
        written.forEach((name, t) -> {
            assertEquals(read.get(name).shape(), t.shape(), name);
            for (int i = 0; i < t.values().length; i++) {
                assertEquals(Float.floatToRawIntBits(read.get(name).values()[i]),
                        Float.floatToRawIntBits(t.values()[i]), name + "[" + i + "]");
            }
        });
    }

    @Test
    public void sameTensorsGiveTheSameBytes() throws Exception {
        Path dir = Files.createTempDirectory("ltq-npz");
        Float32Npz.write(dir.resolve("a.npz"), tensors());
        Thread.sleep(2100); // ZIP times have a resolution of two seconds
        Float32Npz.write(dir.resolve("b.npz"), tensors());
        assertEquals(Files.readAllBytes(dir.resolve("b.npz")),
                Files.readAllBytes(dir.resolve("a.npz")));
    }

    @Test
    public void bytesDoNotDependOnTheTimeZone() throws Exception {
        Path dir = Files.createTempDirectory("ltq-npz");
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            Float32Npz.write(dir.resolve("utc.npz"), tensors());
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            Float32Npz.write(dir.resolve("ny.npz"), tensors());
        } finally {
            TimeZone.setDefault(saved);
        }
        assertEquals(Files.readAllBytes(dir.resolve("ny.npz")),
                Files.readAllBytes(dir.resolve("utc.npz")));
    }

    /** What numpy.lib.format.read_array_header_1_0 checks, done the same way. */
    @Test
    public void headersAreWhatNumpyParses() throws Exception {
        Path file = Files.createTempDirectory("ltq-npz").resolve("init.npz");
        Float32Npz.write(file, tensors());
        Map<String, String> shapes = Map.of("02fc1_weight.npy", "(300, 7)",
                "02fc1_bias.npy", "(300,)", "conv.npy", "(2, 3, 1, 2)");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                assertEquals(e.getMethod(), ZipEntry.STORED, "np.savez stores");
                byte[] npy = zip.getInputStream(e).readAllBytes();
                assertEquals(Arrays.copyOf(npy, 6),
                        new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
                assertEquals(npy[6], 1, "major version");
                assertEquals(npy[7], 0, "minor version");
                int len = Short.toUnsignedInt(ByteBuffer.wrap(npy, 8, 2)
                        .order(ByteOrder.LITTLE_ENDIAN).getShort());
                assertEquals((10 + len) % 64, 0, "data aligned to 64 bytes");
                String header = new String(npy, 10, len, StandardCharsets.US_ASCII);
                assertTrue(header.endsWith("\n"), header);
                // A Python dict literal with exactly these keys, as safe_eval reads it.
                assertEquals(header.strip(), "{'descr': '<f4', 'fortran_order': False, 'shape': "
                        + shapes.get(e.getName()) + ", }");
            }
        }
    }

    @Test
    public void damageIsNamed() throws Exception {
        Path file = Files.createTempDirectory("ltq-npz").resolve("trained.npz");
        Float32Npz.write(file, tensors());
        byte[] bytes = Files.readAllBytes(file);
        Path cut = file.resolveSibling("cut.npz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = expectThrows(IOException.class, () -> Float32Npz.read(cut));
        assertTrue(e.getMessage().startsWith(cut + " is damaged"), e.getMessage());
        // One flipped value bit: the entry's CRC-32 no longer matches.
        bytes[200] ^= 1;
        Path flipped = file.resolveSibling("flipped.npz");
        Files.write(flipped, bytes);
        e = expectThrows(IOException.class, () -> Float32Npz.read(flipped));
        assertTrue(e.getMessage().startsWith(flipped + " is damaged"), e.getMessage());
    }
}

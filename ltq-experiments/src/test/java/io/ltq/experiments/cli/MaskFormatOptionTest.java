package io.ltq.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.ltq.mask.MaskSet;
import io.ltq.mask.NpzMasks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.testng.annotations.Test;

/** {@code --mask-format}: packed masks are written for tickets and controls and read back. */
public class MaskFormatOptionTest {

    @Test
    public void packedRunWritesPackedMasksThatReadBack() throws Exception {
        Path run = run("packed");
        for (Path file :
                List.of(run.resolve("level_01/mask.npz"),
                        run.resolve("level_01/random_prune/mask.npz"))) {
            assertEquals(arrayTypes(file), List.of("|u1"), file.toString());
            MaskSet masks = NpzMasks.read(file);
            assertEquals(masks.names().size(), 3, file.toString());
            assertEquals(masks.density(), 0.8, 0.01, file.toString());
        }
    }

    @Test
    public void defaultRunWritesNumpyBooleans() throws Exception {
        Path run = run(null);
        assertEquals(arrayTypes(run.resolve("level_01/mask.npz")), List.of("|b1"));
    }

    private static Path run(String format) throws IOException {
        Path out = Files.createTempDirectory("ltq-mask-format").resolve("run");
        List<String> args =
                new ArrayList<>(List.of("lottery", "--model", "lenet300", "--dataset",
                        "synthetic", "--levels", "1", "--iterations", "20", "--eval-every", "20",
                        "--controls", "random-prune", "--quiet", "--out", out.toString()));
        if (format != null) {
            args.add("--mask-format");
            args.add(format);
        }
        BadInputTest.Result r = BadInputTest.ltq(args.toArray(String[]::new));
        assertEquals(r.code(), 0, r.err());
        return out;
    }

    /** The distinct NumPy dtypes of the arrays in an .npz file, read from the .npy headers. */
    private static List<String> arrayTypes(Path npz) throws IOException {
        List<String> types = new ArrayList<>();
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.getName().endsWith(".npy")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    String header = new String(in.readNBytes(128), StandardCharsets.ISO_8859_1);
                    int at = header.indexOf("'descr': '");
                    assertTrue(at >= 0, header);
                    String type = header.substring(at + 10, header.indexOf('\'', at + 10));
                    if (!types.contains(type)) {
                        types.add(type);
                    }
                }
            }
        }
        return types;
    }
}

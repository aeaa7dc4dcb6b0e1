package io.ltq.experiments.lottery;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * Invariant 3, resumed ≡ uninterrupted: a run may die at any point, and rerunning it gives the
 * files of a run that never died, byte for byte (summaries up to their wall-clock times).
 *
 * <p>What a killed run leaves is its folder: the files written so far, and perhaps the temporary
 * file of a write in progress. So the reference run copies its folder after every file it
 * writes — each copy is the state of a run killed anywhere between that write and the next (during
 * a training, a control, between a mask and its summary, during θk's capture) — and adds the
 * half-written temporary file of the next write. Each copy is then resumed by a fresh experiment
 * (a fresh network and ticket, as a new process has) and compared with the reference.
 */
public class KilledRunTest {

    @DataProvider(name = "runs")
    static Object[][] runs() {
        return new Object[][] {{"PyTorch", 0L}, {"PyTorch", 10L}, {"MXNet", 0L}, {"MXNet", 10L}};
    }

    @Test(dataProvider = "runs")
    public void everyPointARunCanDieAtResumesToTheUninterruptedRun(String engine, long k)
            throws Exception {
        LotteryConfig config = ResumeTest.config(engine, 2, 40, k);
        Path root = Files.createTempDirectory("ltq-killed");
        Path reference = root.resolve("reference");
        List<Path> written = new ArrayList<>();
        List<Path> snapshots = new ArrayList<>();
        RunDirectory dir = new RunDirectory(reference);
        dir.onWrite(file -> {
            written.add(reference.relativize(file));
            Path copy = root.resolve("after-" + written.size());
            copyTree(reference, copy);
            snapshots.add(copy);
        });
        TinyRuns.experiment(config, ResumeTest.data(), dir, RunListener.NONE).run();
        Map<Path, String> expected = fingerprints(reference);
        // Every phase leaves its mark: θ0, the masks, trained weights, θk, summaries, controls.
        assertTrue(written.contains(Path.of("init.params")));
        assertTrue(written.contains(Path.of("level_01/reinit/summary.json")));
        assertTrue(written.contains(Path.of("level_02/random_prune/mask.npz")));
        assertEquals(written.contains(Path.of("rewind.params")), k > 0);

        for (int i = 0; i < snapshots.size(); i++) {
            Path killed = snapshots.get(i);
            if (i + 1 < written.size()) {
                leaveHalfWrittenTemporary(reference.resolve(written.get(i + 1)),
                        killed.resolve(written.get(i + 1)));
            }
            TinyRuns.experiment(config, ResumeTest.data(), new RunDirectory(killed),
                    RunListener.NONE).run();
            String where = engine + " k=" + k + ", killed after writing " + written.get(i);
            assertEquals(fingerprints(killed), expected, where);
        }
    }

    /** A kill during a write leaves the hidden temporary file AtomicFiles writes first. */
    private static void leaveHalfWrittenTemporary(Path complete, Path target) throws IOException {
        byte[] bytes = Files.readAllBytes(complete);
        Files.createDirectories(target.getParent());
        Files.write(target.resolveSibling("." + target.getFileName() + ".5ca1ab1e.tmp"),
                java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }

    /**
     * Every file's SHA-256, except temporary files and the wall-clock fields of summaries, which
     * differ between any two runs.
     */
    public static Map<Path, String> fingerprints(Path root) throws Exception {
        Map<Path, String> out = new TreeMap<>();
        TinyRuns.digests(root).forEach((file, digest) -> {
            String name = file.getFileName().toString();
            if (name.startsWith(".") && name.endsWith(".tmp")) {
                return;
            }
            if (name.equals("summary.json")) {
                out.put(file, withoutTimes(root.resolve(file)));
            } else {
                out.put(file, digest);
            }
        });
        return out;
    }

    private static String withoutTimes(Path summary) {
        try {
            JsonObject json = RunDirectory.GSON.fromJson(Files.readString(summary),
                    JsonObject.class);
            for (String field : List.of("trainMillis", "evalMillis", "totalMillis",
                    "levelMillis")) {
                json.remove(field);
            }
            return json.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

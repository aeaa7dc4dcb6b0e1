package io.ltq.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.lottery.KilledRunTest;
import io.ltq.experiments.lottery.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * Invariant 3 the way a user meets it: {@code ltq lottery} in its own JVM, killed with SIGKILL
 * (while the reinit control trains; while level 0 trains and again while the level-2 ticket
 * trains) and rerun with the same command, ends with the files of an uninterrupted run.
 */
public class KillNineTest {

    @DataProvider(name = "engines")
    static Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }

    private static List<String> command(String engine, Path out, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "io.ltq.experiments.cli.Ltq", "lottery", "--model", "lenet300",
                "--dataset", "synthetic", "--engine", engine, "--levels", "2",
                "--iterations", "300", "--eval-every", "100", "--batch-size", "32",
                "--train-limit", "1000", "--validation", "200", "--controls", "reinit",
                "--quiet", "--out", out.toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    private static Process start(String engine, Path out, Path log, String... extra)
            throws Exception {
        return new ProcessBuilder(command(engine, out, extra))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void runToEnd(String engine, Path out, Path log, String... extra)
            throws Exception {
        Process p = start(engine, out, log, extra);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "run did not finish");
        assertEquals(p.exitValue(), 0, Files.readString(log));
    }

    /** Starts the command and kills it with SIGKILL as soon as {@code file} exists. */
    private static void killWhen(String engine, Path out, String file, Path log,
            String... extra) throws Exception {
        Process p = start(engine, out, log, extra);
        Path marker = out.resolve(file);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the run ended before " + file + ": " + Files.readString(log));
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        p.waitFor();
        assertEquals(p.exitValue(), 137, "killed by SIGKILL");
    }

    @Test(dataProvider = "engines")
    public void killedAndRerunEqualsUninterrupted(String engine) throws Exception {
        Path root = Files.createTempDirectory("ltq-kill9");
        Path reference = root.resolve("reference");
        runToEnd(engine, reference, root.resolve("reference.log"));
        var expected = KilledRunTest.fingerprints(reference);

        // Killed while the level-1 reinit control trains: the rerun starts with that control.
        Path control = root.resolve("killed-in-control");
        killWhen(engine, control, "level_01/summary.json", root.resolve("kill1.log"));
        assertFalse(Files.exists(control.resolve("level_01/reinit/summary.json")));
        runToEnd(engine, control, root.resolve("resume1.log"));
        assertEquals(KilledRunTest.fingerprints(control), expected,
                engine + ": killed during the reinit control");

        // Killed while the dense level 0 trains, then again while the level-2 ticket trains.
        Path twice = root.resolve("killed-twice");
        killWhen(engine, twice, "level_00/mask.npz", root.resolve("kill2.log"));
        assertFalse(Files.exists(twice.resolve("level_00/summary.json")));
        killWhen(engine, twice, "level_01/reinit/summary.json", root.resolve("kill3.log"));
        assertFalse(Files.exists(twice.resolve("level_02/summary.json")));
        runToEnd(engine, twice, root.resolve("resume2.log"));
        assertEquals(KilledRunTest.fingerprints(twice), expected,
                engine + ": killed during level 0 and level 2");
    }

    /**
     * A structured run (neurons, trained compact from level 1) killed while the compact level-2
     * ticket trains, and while its random structured control trains, resumes to the files of an
     * uninterrupted run.
     */
    @Test(dataProvider = "engines")
    public void aCompactLevelKilledAndRerunEqualsUninterrupted(String engine) throws Exception {
        String[] structured = {"--structure", "neurons", "--controls", "random-prune"};
        Path root = Files.createTempDirectory("ltq-kill9-compact");
        try {
            Path reference = root.resolve("reference");
            runToEnd(engine, reference, root.resolve("reference.log"), structured);
            var expected = KilledRunTest.fingerprints(reference);
            Path killed = root.resolve("killed");
            killWhen(engine, killed, "level_01/random_prune/summary.json",
                    root.resolve("kill1.log"), structured);
            assertFalse(Files.exists(killed.resolve("level_02/summary.json")));
            killWhen(engine, killed, "level_02/summary.json", root.resolve("kill2.log"),
                    structured);
            assertFalse(Files.exists(killed.resolve("level_02/random_prune/summary.json")));
            runToEnd(engine, killed, root.resolve("resume.log"), structured);
            assertEquals(KilledRunTest.fingerprints(killed), expected,
                    engine + ": killed in the compact level-2 ticket and its control");
        } finally {
            TinyRuns.deleteTree(root);
        }
    }
}

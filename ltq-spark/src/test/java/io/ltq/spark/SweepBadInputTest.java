package io.ltq.spark;

import static io.ltq.spark.SweepFixtures.BASE;
import static io.ltq.spark.SweepFixtures.ltq;
import static io.ltq.spark.SweepFixtures.with;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.lottery.DataSettings;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.PruningSettings;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.SeedSettings;
import io.ltq.experiments.lottery.TrainingSettings;
import io.ltq.spark.SweepFixtures.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * A mistake in a sweep ends in one sentence that names the problem and the fix, exit code 2, and
 * nothing started: no folder made, no Spark. Where the sentence gives advice, following it works.
 */
public class SweepBadInputTest {

    private static List<String> sweep(Path out, String... more) {
        return with(with(List.of("sweep"), BASE.toArray(String[]::new)),
                with(List.of(more), "--out", out.toString()).toArray(String[]::new));
    }

    /** A port on this machine where nothing listens. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String oneSentence(List<String> args, String named) {
        Result r = ltq(args);
        assertEquals(r.code(), 2, r.err() + r.out());
        String err = r.err().strip();
        assertTrue(err.startsWith("ltq: "), err);
        assertTrue(err.contains(named), "message should name " + named + ": " + err);
        assertFalse(err.contains("Exception"), err);
        assertFalse(err.contains("\tat "), err);
        assertEquals(err.lines().count(), 1L, err);
        return err;
    }

    @DataProvider(name = "mistakes")
    static Object[][] mistakes() throws IOException {
        Path root = SweepFixtures.tempDir("ltq-sweep-bad");
        Path out = root.resolve("sweep");
        // Each case its own folder, so that one that is made does not hide another.
        Path file = Files.writeString(root.resolve("a-file"), "not a folder");
        Path badJson = Files.writeString(root.resolve("grid.json"), "{\"seed\": [1, 2");
        return new Object[][] {
            {sweep(out, "--sed", "1,2"), "--sed is not an option of ltq lottery", out},
            {sweep(out, "--seed", ","), "--seed has an empty value", out},
            {sweep(out, "--seed", "1,2,2"), "--seed lists 2 twice", out},
            {sweep(out, "--seed", "1,2,3", "--limit", "2"), "--yes", out},
            {sweep(out, "--seed", "1,2", "--master", "spark://127.0.0.1:" + closedPort()),
                "cannot be reached", out},
            {sweep(out, "--master", "mesos://x:5050"), "is not a Spark master", out},
            {sweep(out, "--master", "yarn"), "spark-submit", out},
            {sweep(out, "--master", "local[2]", "--parallel", "2"), "--parallel", out},
            {sweep(out, "--gpus-per-run", "1"), "--gpus-per-run", out},
            {sweep(out, "--rewind", "0,5000"), "Run rewind-5000 of the sweep: --rewind 5000", out},
            {sweep(out, "--engine", "PyTorch,TensorFlow"), "TensorFlow", out},
            {sweep(out, "--seed", "1,2", "--conf", "spark.speculation=true"), "speculation", out},
            {sweep(out, "--grid", badJson.toString()), "is not valid JSON", out},
            {sweep(file.resolve("sweep")), "cannot be created", file.resolve("sweep")},
            {sweep(file), "is a file", root.resolve("nothing-made")},
            {sweep(out, "--command", "train"), "Unknown command train", out},
            {sweep(out, "--spark-log-level", "loud"), "--spark-log-level loud", out},
        };
    }

    @Test(dataProvider = "mistakes")
    public void mistakeGivesOneSentenceAndStartsNothing(List<String> args, String named,
            Path out) throws IOException {
        Path own = out.resolveSibling(out.getFileName() + "-" + System.nanoTime());
        List<String> mine = new ArrayList<>(args);
        int at = mine.lastIndexOf("--out");
        if (mine.get(at + 1).equals(out.toString())) {
            mine.set(at + 1, own.toString());
            out = own;
        }
        oneSentence(mine, named);
        assertFalse(Files.exists(out), out + " was made");
    }

    @Test
    public void theAdviceWorks() throws Exception {
        Path out = SweepFixtures.tempDir("ltq-sweep-advice").resolve("sweep");
        // Too many runs: --yes starts them (here a dry run, which checks and starts nothing).
        oneSentence(sweep(out, "--seed", "1,2,3", "--limit", "2"), "add --yes");
        Result yes = ltq(sweep(out, "--seed", "1,2,3", "--limit", "2", "--yes", "--dry-run"));
        assertEquals(yes.code(), 0, yes.err());
        assertTrue(yes.out().contains("3 runs of ltq lottery, 3 to run"), yes.out());
        // An unreachable master: leaving --master out runs on this machine.
        List<String> remote = sweep(out, "--seed", "1,2", "--master",
                "spark://127.0.0.1:" + closedPort());
        oneSentence(remote, "leave --master out");
        List<String> local = new ArrayList<>(remote);
        int at = local.indexOf("--master");
        local.subList(at, at + 2).clear();
        local.add("--dry-run");
        Result here = ltq(local);
        assertEquals(here.code(), 0, here.err());
        assertTrue(here.out().contains("on local["), here.out());
    }

    @Test
    public void aRunFolderMadeWithOtherSettingsIsRefusedBeforeAnythingStarts() throws Exception {
        Path out = SweepFixtures.tempDir("ltq-sweep-other").resolve("sweep");
        // seed-2 was made by hand with 50 iterations.
        LotteryConfig seed2 = LotteryConfig.DEFAULTS
                .withData(DataSettings.DEFAULTS.withDataset("synthetic").withBatchSize(32)
                        .withValidationSize(200).withTrainLimit(1000))
                .withTraining(TrainingSettings.DEFAULTS.withIterations(50).withEvalEvery(50)
                        .withTestEvery(50))
                .withPruning(PruningSettings.DEFAULTS.withLevels(1).withControls(List.of("reinit")))
                .withSeeds(SeedSettings.DEFAULTS.withInitSeed(2));
        new RunDirectory(out.resolve("seed-2")).writeConfig(seed2, null, Map.of(), null);
        String err = oneSentence(sweep(out, "--seed", "1,2"), "choose a new --out folder");
        assertTrue(err.contains("Run seed-2 of the sweep"), err);
        assertTrue(err.contains("iterations: 50 → 100"), err);
        assertFalse(Files.exists(out.resolve("seed-1")));
        assertFalse(Files.exists(out.resolve("sweep.json")));
        Path other = out.resolveSibling("sweep-2");
        Result r = ltq(sweep(other, "--seed", "1,2", "--dry-run"));
        assertEquals(r.code(), 0, r.err());
    }

    @Test
    public void aSecondSweepInTheSameFolderIsRefused() throws Exception {
        Path out = SweepFixtures.tempDir("ltq-sweep-twice").resolve("sweep");
        Files.createDirectories(out);
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(
                out.resolve(".sweep.lock"), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock held = c.lock()) {
            oneSentence(sweep(out, "--seed", "1,2"), "Another ltq sweep is running in " + out);
        }
        try (java.util.stream.Stream<Path> files = Files.list(out)) {
            assertEquals(files.map(p -> p.getFileName().toString()).toList(),
                    List.of(".sweep.lock"));
        }
    }

    @Test
    public void helpListsTheSweepsOptions() {
        Result root = ltq(List.of("--help"));
        assertEquals(root.code(), 0);
        assertTrue(root.out().contains("sweep"), root.out());
        Result help = ltq(List.of("sweep", "--help"));
        assertEquals(help.code(), 0, help.err());
        for (String option : List.of("--grid", "--master", "--threads", "--parallel", "--retries",
                "--limit", "--yes", "--dry-run", "--gpus-per-run")) {
            assertTrue(help.out().contains(option), option + " in " + help.out());
        }
    }
}

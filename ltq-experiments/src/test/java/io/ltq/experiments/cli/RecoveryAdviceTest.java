package io.ltq.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import ai.djl.engine.Engine;
import io.ltq.experiments.cli.BadInputTest.Result;
import io.ltq.experiments.lottery.KilledRunTest;
import io.ltq.experiments.lottery.TinyRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.testng.SkipException;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Every message that tells the user to do something is followed here, as a user would, and the
 * run then finishes with the files of a run that was never damaged.
 */
public class RecoveryAdviceTest {

    private Path reference;
    private Map<Path, String> expected;

    private static String[] lottery(Path out) {
        return new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
            "--levels", "2", "--iterations", "40", "--eval-every", "20", "--batch-size", "32",
            "--train-limit", "1000", "--validation", "200", "--rewind", "10",
            "--controls", "reinit", "--quiet", "--out", out.toString()};
    }

    @BeforeClass
    public void referenceRun() throws Exception {
        reference = BadInputTest.emptyDir().resolve("reference");
        Result r = BadInputTest.ltq(lottery(reference));
        assertEquals(r.code(), 0, r.err());
        expected = KilledRunTest.fingerprints(reference);
    }

    /** A copy of the finished reference run with one file cut to half its length. */
    private Path damagedCopy(String file) throws IOException {
        Path copy = BadInputTest.emptyDir().resolve("run");
        KilledRunTest.copyTree(reference, copy);
        Path target = copy.resolve(file);
        byte[] bytes = Files.readAllBytes(target);
        Files.write(target, Arrays.copyOf(bytes, bytes.length / 2));
        return copy;
    }

    /** Runs a command that must fail on the damage, and returns its one sentence. */
    private static String oneSentence(String[] args, String names) {
        Result r = BadInputTest.ltq(args);
        String err = r.err().strip();
        assertEquals(r.code(), UserErrors.USER_ERROR, err);
        assertEquals(err.lines().count(), 1L, err);
        assertTrue(err.startsWith("ltq: "), err);
        assertTrue(err.contains(names), "should name " + names + ": " + err);
        assertFalse(err.contains("Exception") || err.contains("http"), err);
        return err;
    }

    private void rerunMatchesReference(Path run) throws Exception {
        Result r = BadInputTest.ltq(lottery(run));
        assertEquals(r.code(), 0, r.err());
        assertEquals(KilledRunTest.fingerprints(run), expected);
    }

    @Test
    public void damagedMaskAdviceWorks() throws Exception {
        Path run = damagedCopy("level_01/mask.npz");
        String err = oneSentence(lottery(run), run.resolve("level_01/mask.npz").toString());
        assertTrue(err.contains("delete the level_01 folder and rerun"), err);
        TinyRuns.deleteTree(run.resolve("level_01"));
        rerunMatchesReference(run);
    }

    @Test
    public void deletedMaskIsRecomputedFromTheTrainedWeights() throws Exception {
        Path run = damagedCopy("level_02/mask.npz");
        Files.delete(run.resolve("level_02/mask.npz"));
        rerunMatchesReference(run);
    }

    @Test
    public void damagedSummaryAdviceWorks() throws Exception {
        Path run = damagedCopy("level_01/summary.json");
        String err = oneSentence(lottery(run), run.resolve("level_01/summary.json").toString());
        assertTrue(err.contains("delete it and rerun the same command"), err);
        Files.delete(run.resolve("level_01/summary.json"));
        rerunMatchesReference(run);
    }

    @Test
    public void damagedRewindPointAdviceWorks() throws Exception {
        Path run = damagedCopy("rewind.params");
        String err = oneSentence(lottery(run), run.resolve("rewind.params").toString());
        assertTrue(err.contains("delete it and rerun the same ltq lottery command"), err);
        Files.delete(run.resolve("rewind.params"));
        rerunMatchesReference(run);
    }

    @Test
    public void damagedTrainedWeightsAdviceWorks() throws Exception {
        Path run = damagedCopy("level_01/trained.params");
        String err = oneSentence(new String[] {"distances", run.toString()},
                run.resolve("level_01/trained.params").toString());
        assertTrue(err.contains("delete it and rerun the same ltq lottery command"), err);
        Files.delete(run.resolve("level_01/trained.params"));
        rerunMatchesReference(run);
        Result distances = BadInputTest.ltq("distances", run.toString());
        assertEquals(distances.code(), 0, distances.err());
    }

    @Test
    public void damagedInitAdviceWorks() throws Exception {
        Path run = damagedCopy("init.params");
        String err = oneSentence(lottery(run), run.resolve("init.params").toString());
        assertTrue(err.contains("delete the run folder and rerun"), err);
        TinyRuns.deleteTree(run);
        rerunMatchesReference(run);
    }

    @Test
    public void truncatedRunJsonAdviceWorks() throws Exception {
        Path run = damagedCopy("run.json");
        String err = oneSentence(lottery(run), run.resolve("run.json").toString());
        assertTrue(err.contains("restore it from a copy, or start the run again in a new --out"
                + " folder"), err);
        // Either way out works: a new folder, or the file restored.
        rerunMatchesReference(run.resolveSibling("again"));
        Files.copy(reference.resolve("run.json"), run.resolve("run.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        rerunMatchesReference(run);
    }

    @Test
    public void changedSettingsAdviceWorks() throws Exception {
        Path run = BadInputTest.emptyDir().resolve("run");
        KilledRunTest.copyTree(reference, run);
        String[] changed = lottery(run);
        changed[java.util.Arrays.asList(changed).indexOf("--iterations") + 1] = "50";
        String err = oneSentence(changed, "iterations: 40 → 50");
        assertTrue(err.contains("rerun with the recorded settings to resume, or choose a new"
                + " --out folder"), err);
        rerunMatchesReference(run);
        changed[changed.length - 1] = run.resolveSibling("new").toString();
        assertEquals(BadInputTest.ltq(changed).code(), 0);
    }

    @Test
    public void damagedAnalysisResultsAdviceWorks() throws Exception {
        Path run = BadInputTest.emptyDir().resolve("run");
        KilledRunTest.copyTree(reference, run);
        String[] stability = {"stability", run.toString(), "--level", "1", "--k", "0,20",
            "--points", "3", "--train-eval", "100", "--quiet"};
        String[] retrain = {"retrain", run.toString(), "--levels", "1", "--k", "0",
            "--methods", "fine-tune", "--quiet"};
        assertEquals(BadInputTest.ltq(stability).code(), 0);
        assertEquals(BadInputTest.ltq(retrain).code(), 0);
        Map<Path, String> analysed = KilledRunTest.fingerprints(run);

        Path k20 = run.resolve("stability/level_01/k_000020");
        Path retrained = run.resolve("retrain/level_01/fine-tune_k000000");
        for (Path summary : List.of(k20.resolve("summary.json"),
                retrained.resolve("summary.json"))) {
            Files.writeString(summary, "{\"level\": 1, \"path\": [");
        }
        // The report names the stability result first, then (once mended) the retraining one.
        String err = oneSentence(new String[] {"report", run.toString()}, k20.toString());
        assertTrue(err.contains("delete its folder and rerun ltq stability for that k"), err);
        assertEquals(oneSentence(stability, k20.toString()).contains(
                "delete its folder and rerun the same ltq stability command"), true);
        TinyRuns.deleteTree(k20);
        assertEquals(BadInputTest.ltq(stability).code(), 0);

        err = oneSentence(new String[] {"report", run.toString()}, retrained.toString());
        assertTrue(err.contains("delete its folder and rerun ltq retrain"), err);
        TinyRuns.deleteTree(retrained);
        assertEquals(BadInputTest.ltq(retrain).code(), 0);

        Map<Path, String> mended = KilledRunTest.fingerprints(run);
        Path table = Path.of("retrain/results.csv"); // holds wall-clock times
        mended.remove(table);
        analysed.remove(table);
        assertEquals(mended, analysed);
        Result report = BadInputTest.ltq("report", run.toString());
        assertEquals(report.code(), 0, report.err());
    }

    @Test
    public void outThatIsAFileIsNamed() throws Exception {
        Path file = Files.createTempFile("ltq-out", ".txt");
        String err = oneSentence(lottery(file), file.toString());
        assertTrue(err.contains("is a file, not a folder"), err);
    }

    @Test
    public void outThatCannotBeCreatedIsNamed() {
        Path out = Path.of("/proc/ltq-cannot-write/run");
        String err = oneSentence(lottery(out), out.toString());
        assertTrue(err.contains("cannot be created"), err);
        assertTrue(err.contains("choose a folder you can write"), err);
    }

    @Test
    public void gpuWithoutOneIsOneSentence() throws IOException {
        for (String engine : List.of("PyTorch", "MXNet")) {
            if (Engine.getEngine(engine).getGpuCount() > 0) {
                throw new SkipException("this machine has a GPU");
            }
            Path out = BadInputTest.emptyDir().resolve("gpu");
            List<String> args = new ArrayList<>(List.of(lottery(out)));
            args.addAll(List.of("--device", "gpu", "--engine", engine));
            String err = oneSentence(args.toArray(String[]::new), "--device gpu");
            assertTrue(err.contains("no CUDA GPU") && err.contains("--device cpu"), err);
            assertFalse(Files.exists(out), "nothing is started");
        }
    }
}

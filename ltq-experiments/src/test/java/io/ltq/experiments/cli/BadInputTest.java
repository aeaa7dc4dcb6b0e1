package io.ltq.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.NetworkSettings;
import io.ltq.experiments.lottery.PruningSettings;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.TinyRuns;
import io.ltq.experiments.lottery.Variant;
import io.ltq.mask.MaskSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * Invariant 5: a user mistake ends in one clear sentence naming the problem and the fix, and a
 * non-zero exit, never a stack trace.
 */
public class BadInputTest {

    record Result(int code, String out, String err) {}

    static Result ltq(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ltq.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static Path emptyDir() throws IOException {
        return Files.createTempDirectory("ltq-bad");
    }

    /** A run folder whose first level has not finished: settings recorded, nothing else. */
    static Path unfinishedRun() throws IOException {
        Path run = emptyDir().resolve("started");
        LotteryConfig config = TinyRuns.CONFIG.withTraining(TinyRuns.training(40, 20))
                .withPruning(PruningSettings.DEFAULTS.withLevels(2));
        new RunDirectory(run).writeConfig(config, null, Map.of(), null);
        Files.createDirectories(run.resolve("level_00"));
        return run;
    }

    @DataProvider(name = "mistakes")
    static Object[][] mistakes() throws IOException {
        Path out = emptyDir().resolve("run");
        Path missing = Path.of("/nonexistent/mnist-folder");
        Path garbage = emptyDir();
        Files.write(garbage.resolve("train-images-idx3-ubyte"), new byte[] {1, 2, 3, 4, 5});
        Files.write(garbage.resolve("train-labels-idx1-ubyte"), new byte[] {1, 2, 3, 4, 5});
        Files.write(garbage.resolve("t10k-images-idx3-ubyte"), new byte[] {1, 2, 3, 4, 5});
        Files.write(garbage.resolve("t10k-labels-idx1-ubyte"), new byte[] {1, 2, 3, 4, 5});
        String o = out.toString();
        String run = fakeRun().toString();
        String other = fakeRun("conv2").toString();
        return new Object[][] {
            {new String[] {"retrain", "/nonexistent/run"}, "/nonexistent/run"},
            {new String[] {"retrain", garbage.toString()}, "run.json"},
            {new String[] {"retrain", run}, "--levels 1"},
            {new String[] {"retrain", run, "--methods", "prune-harder"}, "prune-harder"},
            {new String[] {"retrain", run, "--levels", "0"}, "--levels"},
            {new String[] {"retrain", run, "--k", "5000"}, "--k"},
            {new String[] {"distances", run}, "trained.params"},
            {new String[] {"distances", "/nonexistent/run"}, "/nonexistent/run"},
            {new String[] {"compare", run}, "<runs>"},
            {new String[] {"compare", run, other}, "--model"},
            {new String[] {"lottery", "--model", "lenet5", "--out", o}, "lenet5"},
            {new String[] {"lottery", "--model", "lenet300", "--engine", "TensorFlow",
                "--out", o}, "TensorFlow"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "imagenet",
                "--out", o}, "imagenet"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--prune-dense", "1.5", "--out", o}, "--prune-dense"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--prune-output", "-0.1", "--out", o}, "--prune-output"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--iterations", "100", "--rewind", "100", "--out", o}, "--rewind"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--rewind", "soon", "--out", o}, "--rewind"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--validation", "0", "--out", o}, "--validation must be 1 or more"},
            {new String[] {"oneshot", "--model", "lenet300", "--dataset", "synthetic",
                "--density", "1.2", "--out", o}, "--density"},
            {new String[] {"oneshot", "--model", "lenet300", "--dataset", "synthetic",
                "--out", o}, "--density D"},
            {new String[] {"oneshot", "--model", "lenet300", "--dataset", "synthetic",
                "--density", "0.1", "--levels", "3", "--out", o}, "--density prunes"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--prune-rate", "0.4", "--prune-dense", "0.2", "--out", o}, "--prune-rate"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--levels", "3", "--until-density", "0.02", "--out", o}, "--until-density"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--until-density", "2", "--out", o}, "--until-density 2.0"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "mnist",
                "--data", missing.toString(), "--out", o}, missing.toString()},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "fashion-mnist",
                "--data", garbage.toString(), "--out", o}, garbage.toString()},
            {new String[] {"lottery", "--model", "lenet300", "--levels", "many", "--out", o},
                "--levels"},
            {new String[] {"lottery", "--out", o}, "--model"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--scope", "everywhere", "--out", o}, "--scope"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--controls", "dropout", "--out", o}, "control dropout"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--scope", "global", "--out", emptyDir().resolve("g").toString()}, "--scope layerwise"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--mask-format", "zip", "--out", o}, "'--mask-format': expected one of [BOOL, PACKED]"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--augment", "--out", o}, "--augment"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--engine", "RPC", "--out", o}, "RPC"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--structure", "channels", "--out", o}, "use --structure neurons or weights"},
            {new String[] {"lottery", "--model", "resnet20", "--dataset", "synthetic",
                "--structure", "neurons", "--out", o}, "use --structure channels or weights"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--structure", "filters", "--out", o}, "--structure is weights, neurons or"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--pruner", "refill", "--out", o}, "--pruner refill"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--controls", "scratch-b", "--out", o}, "scratch_b"},
            {new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--structure", "neurons", "--structured-training", "sparse", "--out", o},
                "--structured-training is compact or masked"},
            {new String[] {"export", "/nonexistent/run", "--level", "0", "--out", o},
                "/nonexistent/run"},
            {new String[] {"export", garbage.toString(), "--level", "0", "--out", o},
                "run.json"},
            {new String[] {"export", unfinishedRun().toString(), "--level", "1", "--out", o},
                "is not finished"},
            {new String[] {"export", run, "--level", "4", "--out", o}, "levels 0 to 1"},
            {new String[] {"export", run, "--level", "0", "--out", garbage.toString()},
                "not an empty folder"},
            {new String[] {"frobnicate"}, "frobnicate"},
            {new String[] {"report", missing.toString()}, missing.toString()},
            {new String[] {"report", garbage.toString()}, "no run.json"},
            {new String[] {"report", unfinishedRun().toString()}, "no finished level"},
            {new String[] {"report"}, "RUN"},
        };
    }

    static Path fakeRun() throws IOException {
        return fakeRun("lenet300");
    }

    // A run folder with settings and a finished dense level but no trained weights or masks,
    // as a run from an older version or an interrupted one can be.
    static Path fakeRun(String model) throws IOException {
        Path dir = emptyDir();
        RunDirectory run = new RunDirectory(dir);
        LotteryConfig config = TinyRuns.CONFIG
                .withNetwork(NetworkSettings.DEFAULTS.withModel(model))
                .withTraining(TinyRuns.training(100, 50))
                .withPruning(PruningSettings.DEFAULTS.withLevels(1).withControls(List.of()));
        run.writeConfig(config, null, Map.of(), null);
        run.writeSummary(new LevelSummary(0, Variant.TICKET, 100, 10, 10, Map.of(), 0,
                50, 0.5, 0.5, 10, 5, 20, 20, null));
        run.saveMasks(0, Variant.TICKET,
                MaskSet.ones(Map.of(model.equals("conv2") ? "conv" : "dense", new long[] {10})));
        return dir;
    }

    @Test(dataProvider = "mistakes")
    public void mistakeGivesOneSentenceAndNonZeroExit(String[] args, String named) {
        Result r = ltq(args);
        assertEquals(r.code(), UserErrors.USER_ERROR, r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("ltq: "), err);
        assertTrue(err.contains(named), "message should name " + named + ": " + err);
        assertFalse(err.contains("Exception"), err);
        assertFalse(err.contains("\tat "), err);
        assertEquals(err.lines().count(), 1L, err);
    }

    @Test
    public void helpAndListWork() {
        Result help = ltq("lottery", "--help");
        assertEquals(help.code(), 0);
        assertTrue(help.out().contains("--rewind"), help.out());
        Result report = ltq("report", "--help");
        assertEquals(report.code(), 0);
        assertTrue(report.out().contains("theoretical speedup"), report.out());
        Result list = ltq("list");
        assertEquals(list.code(), 0, list.err());
        List<String> lines = list.out().lines().map(String::strip).toList();
        // Networks, datasets, pruners and controls, each with where it comes from.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("name") && l.endsWith("from")),
                list.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("lenet300 ")
                && l.endsWith("bundled")), list.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("image-folder ")), list.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("image-folder-gray ")),
                list.out());
        for (String section : List.of("Pruners (--pruner):", "Controls (--controls):")) {
            assertTrue(lines.contains(section), list.out());
        }
        for (String piece : List.of("magnitude", "reinit", "random_prune")) {
            assertTrue(lines.stream().anyMatch(l -> l.matches(piece + " +bundled")),
                    piece + ": " + list.out());
        }
        assertTrue(list.out().contains("PyTorch"), list.out());
        assertTrue(list.out().contains("MXNet"), list.out());
    }
}

package io.ltq.spark;

import static io.ltq.spark.SweepFixtures.BASE;
import static io.ltq.spark.SweepFixtures.ltq;
import static io.ltq.spark.SweepFixtures.with;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ltq.spark.SweepFixtures.Result;
import io.ltq.spark.index.SweepIndex;
import io.ltq.spark.task.RunTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testng.annotations.Test;

/**
 * Fault tolerance from Spark's retries and the run folders' resume together, with SIGKILL as in
 * ltq-experiments' KillNineTest: a run's JVM killed in the middle of training is retried by Spark
 * and resumes its folder; the sweep's own JVM killed takes its runs' JVMs with it, and rerunning
 * the command finishes the sweep. Either way every run's files equal those of the run alone.
 */
public class SweepFaultTest {

    private static final List<String> GRID = List.of("--seed", "1,2", "--rewind", "0");

    private static List<String> sweep(Path out) {
        return with(with(with(List.of("sweep"), BASE.toArray(String[]::new)),
                GRID.toArray(String[]::new)), "--threads", "1", "--out", out.toString());
    }

    private static void assertEqualsAlone(Path out) throws Exception {
        for (String seed : List.of("1", "2")) {
            assertEquals(SweepFixtures.fingerprints(out.resolve("seed-" + seed)),
                    SweepFixtures.alone("--seed", seed, "--rewind", "0"), "seed " + seed);
        }
    }

    @Test
    public void aRunKilledMidTrainingIsRetriedAndResumes() throws Exception {
        Path out = SweepFixtures.tempDir("ltq-sweep-kill-run").resolve("sweep");
        CompletableFuture<Result> sweep = CompletableFuture.supplyAsync(() -> ltq(sweep(out)));
        Path victim = out.resolve("seed-1");
        // The dense level's mask is written as it starts training.
        SweepFixtures.waitFor(victim.resolve("level_00/mask.npz"), 120);
        List<ProcessHandle> jvms = SweepFixtures.runJvms(ProcessHandle.current(), victim);
        assertEquals(jvms.size(), 1, "one JVM runs " + victim);
        assertFalse(Files.exists(victim.resolve("level_01/reinit/summary.json")));
        jvms.get(0).destroyForcibly(); // SIGKILL

        Result r = sweep.get(5, TimeUnit.MINUTES);
        assertEquals(r.code(), 0, r.err());
        assertTrue(r.err().contains("[failed] seed-1"), r.err());
        assertTrue(r.err().contains("signal 9"), r.err());
        assertTrue(r.err().contains("Spark retries it"), r.err());
        assertTrue(r.err().contains("[start ] seed-1 attempt 2"), r.err());
        String log = Files.readString(victim.resolve(RunTask.LOG));
        assertTrue(log.contains("attempt 2") && log.contains("exit code 137"), log);

        JsonObject index = JsonParser.parseString(
                Files.readString(out.resolve(SweepIndex.FILE))).getAsJsonObject();
        JsonObject first = index.getAsJsonArray("runs").get(0).getAsJsonObject();
        assertEquals(first.get("name").getAsString(), "seed-1");
        assertEquals(first.get("status").getAsString(), "finished");
        assertEquals(first.get("attempts").getAsInt(), 2);
        assertEquals(index.getAsJsonArray("runs").get(1).getAsJsonObject().get("attempts")
                .getAsInt(), 1);
        assertEqualsAlone(out);
    }

    @Test
    public void theSweepKilledTakesItsRunsWithItAndTheRerunFinishes() throws Exception {
        Path root = SweepFixtures.tempDir("ltq-sweep-kill-sweep");
        Path out = root.resolve("sweep");
        List<String> cmd = SweepFixtures.sparkJvm(System.getProperty("java.class.path"));
        cmd.add("io.ltq.experiments.cli.Ltq");
        cmd.addAll(sweep(out));
        Path log = root.resolve("sweep.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Path run = out.resolve("seed-1");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(run.resolve("level_00/summary.json")) && p.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the sweep ended first: " + Files.readString(log));
        assertFalse(Files.exists(run.resolve("level_01/reinit/summary.json")));
        List<ProcessHandle> runs = SweepFixtures.runJvms(p.toHandle(), out);
        assertEquals(runs.size(), 2, "both runs' JVMs are running");
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, Spark stops nothing
        p.waitFor();
        assertEquals(p.exitValue(), 137);

        // The runs' JVMs see their pipe close and halt.
        long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (runs.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < gone) {
            Thread.sleep(50);
        }
        assertFalse(runs.stream().anyMatch(ProcessHandle::isAlive), "runs outlived their sweep");
        Optional<String> index = Files.exists(out.resolve(SweepIndex.FILE))
                ? Optional.of(Files.readString(out.resolve(SweepIndex.FILE))) : Optional.empty();
        assertTrue(index.isPresent() && index.get().contains("\"running\""), index.toString());

        double trainedBefore = levelSeconds(run);
        Result r = ltq(sweep(out));
        assertEquals(r.code(), 0, r.err());
        assertEqualsAlone(out);
        // The index tells the run's whole training from what the rerun's JVM trained.
        JsonObject entry = JsonParser.parseString(Files.readString(out.resolve(SweepIndex.FILE)))
                .getAsJsonObject().getAsJsonArray("runs").get(0).getAsJsonObject();
        assertEquals(entry.get("name").getAsString(), "seed-1");
        double whole = levelSeconds(run);
        assertEquals(entry.get("trainingSeconds").getAsDouble(), whole, 1e-9, entry.toString());
        assertEquals(entry.get("attemptTrainingSeconds").getAsDouble(), whole - trainedBefore,
                1e-9, entry.toString());
        assertTrue(trainedBefore > 0 && whole > trainedBefore, trainedBefore + " of " + whole);
        // The killed run resumed: the dense level was read back, not trained again.
        assertTrue(Files.readString(run.resolve(RunTask.LOG))
                .contains("level  0 ticket       already finished, skipped"),
                Files.readString(run.resolve(RunTask.LOG)));
    }

    /** What every network the run folder holds finished took to train, in seconds. */
    private static double levelSeconds(Path run) throws IOException {
        long millis = 0;
        try (Stream<Path> files = Files.walk(run)) {
            for (Path f : (Iterable<Path>) files.filter(
                    p -> p.getFileName().toString().equals("summary.json"))::iterator) {
                JsonObject s = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
                long level = s.get("levelMillis").getAsLong();
                millis += level > 0 ? level : s.get("totalMillis").getAsLong();
            }
        }
        return millis / 1000.0;
    }
}

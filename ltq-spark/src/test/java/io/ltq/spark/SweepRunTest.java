package io.ltq.spark;

import static io.ltq.spark.SweepFixtures.BASE;
import static io.ltq.spark.SweepFixtures.ltq;
import static io.ltq.spark.SweepFixtures.with;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.report.LevelPoint;
import io.ltq.experiments.report.Report;
import io.ltq.experiments.report.ReportData;
import io.ltq.experiments.report.RunGroup;
import io.ltq.spark.SweepFixtures.Result;
import io.ltq.spark.index.SweepIndex;
import io.ltq.spark.task.RunTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/**
 * A sweep of four runs in embedded local mode: each run's folder equals, file for file (masks
 * byte for byte), the folder of the same configuration run alone with {@code ltq lottery}; the
 * index records every run; a rerun starts nothing and changes nothing; {@code ltq report} over
 * the sweep's folder averages the seeds and draws each rewind step as its own series.
 */
public class SweepRunTest {

    static final List<String> GRID = List.of("--seed", "1,2", "--rewind", "0,10");

    @Test
    public void sweepEqualsEachRunAloneAndRerunsSkipFinishedRuns() throws Exception {
        Path out = SweepFixtures.tempDir("ltq-sweep").resolve("sweep");
        List<String> sweep = with(with(with(List.of("sweep"), BASE.toArray(String[]::new)),
                GRID.toArray(String[]::new)), "--threads", "1", "--out", out.toString());
        Result r = ltq(sweep);
        assertEquals(r.code(), 0, r.err() + r.out());

        List<String> names = List.of("seed-1_rewind-0", "seed-1_rewind-10", "seed-2_rewind-0",
                "seed-2_rewind-10");
        for (String name : names) {
            assertTrue(r.err().contains("[start ] " + name), r.err());
            assertTrue(r.err().contains("[done  ] " + name), r.err());
            String seed = name.substring(5, 6);
            String rewind = name.substring(name.lastIndexOf('-') + 1);
            assertEquals(SweepFixtures.fingerprints(out.resolve(name)),
                    SweepFixtures.alone("--seed", seed, "--rewind", rewind), name);
            assertTrue(Files.readString(out.resolve(name).resolve(RunTask.LOG))
                    .contains("attempt 1"));
        }
        assertTrue(r.err().contains("[sweep ] 4/4 runs finished"), r.err());
        assertTrue(r.out().contains("4 of 4 runs finished"), r.out());

        JsonObject index = JsonParser.parseString(
                Files.readString(out.resolve(SweepIndex.FILE))).getAsJsonObject();
        JsonArray runs = index.getAsJsonArray("runs");
        assertEquals(runs.size(), 4);
        for (JsonElement e : runs) {
            JsonObject run = e.getAsJsonObject();
            assertEquals(run.get("status").getAsString(), "finished", run.toString());
            assertEquals(run.get("attempts").getAsInt(), 1, run.toString());
            assertEquals(run.get("exitCode").getAsInt(), 0);
            assertTrue(run.get("wallSeconds").getAsDouble() > 0);
        }
        assertEquals(index.getAsJsonObject("axes").keySet(), java.util.Set.of("--seed",
                "--rewind"));

        // The same command again: every run is finished, nothing starts, nothing changes.
        Map<Path, String> before = io.ltq.experiments.lottery.KilledRunTest.fingerprints(out);
        Result again = ltq(sweep);
        assertEquals(again.code(), 0, again.err());
        assertTrue(again.out().contains("all 4 runs"), again.out());
        assertTrue(!again.err().contains("[start ]"), again.err());
        Map<Path, String> after = io.ltq.experiments.lottery.KilledRunTest.fingerprints(out);
        after.remove(Path.of(SweepIndex.FILE));
        before.remove(Path.of(SweepIndex.FILE));
        assertEquals(after, before);

        reportOverTheSweep(out);
    }

    /** ltq report OUT: the runs one level below, seeds averaged, one series per rewind step. */
    private static void reportOverTheSweep(Path out) throws Exception {
        Result r = ltq(List.of("report", out.toString()));
        assertEquals(r.code(), 0, r.err());
        assertTrue(Files.exists(out.resolve("report/report.html")));
        assertTrue(r.out().contains("report of 4 run(s)"), r.out());
        ReportData data = Report.builder().addRun(out).build().read();
        List<RunGroup> groups = data.groups();
        assertEquals(groups.size(), 2);
        assertEquals(groups.get(0).label(), "rewindStep=0");
        assertEquals(groups.get(1).label(), "rewindStep=10");
        for (RunGroup g : groups) {
            assertEquals(g.runs().size(), 2, g.label());
            List<LevelPoint> points = g.points(Variant.TICKET);
            assertEquals(points.size(), 2);
            for (LevelPoint p : points) {
                assertEquals(p.earlyStopAccuracy().count(), 2);
                assertTrue(p.earlyStopAccuracy().min() <= p.earlyStopAccuracy().mean()
                        && p.earlyStopAccuracy().mean() <= p.earlyStopAccuracy().max());
            }
        }
    }
}

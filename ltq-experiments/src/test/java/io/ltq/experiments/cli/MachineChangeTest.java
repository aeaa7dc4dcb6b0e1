package io.ltq.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.ltq.experiments.cli.BadInputTest.Result;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LtqJson;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.TinyRuns;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.provenance.CpuInfo;
import io.ltq.experiments.provenance.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Issue 22: every trained network says which machine trained it; a run resumed on another
 * machine says so in one line and goes on; {@code ltq report} shows runs whose networks come
 * from several machines; files from before the record read as they did.
 */
public class MachineChangeTest {

    private static final String ELSEWHERE = "AMD EPYC 7B13 64-Core Processor";

    private Path temp;
    private Path reference;

    private static String[] lottery(Path out, int levels) {
        return new String[] {"lottery", "--model", "lenet300", "--dataset", "synthetic",
            "--levels", Integer.toString(levels), "--iterations", "20", "--eval-every", "10",
            "--batch-size", "32", "--train-limit", "500", "--validation", "100",
            "--controls", "reinit", "--quiet", "--out", out.toString()};
    }

    @BeforeClass
    public void referenceRun() throws Exception {
        temp = Files.createTempDirectory("ltq-machine");
        reference = temp.resolve("reference");
        Result r = BadInputTest.ltq(lottery(reference, 1));
        assertEquals(r.code(), 0, r.err());
        assertEquals(r.err().strip(), "", "a run on one machine says nothing of machines");
    }

    @AfterClass(alwaysRun = true)
    public void deleteRuns() throws IOException {
        if (temp != null) {
            TinyRuns.deleteTree(temp);
        }
    }

    private Path copy(String name) {
        Path run = temp.resolve(name);
        io.ltq.experiments.lottery.KilledRunTest.copyTree(reference, run);
        return run;
    }

    private static JsonObject json(Path file) throws IOException {
        return LtqJson.PRETTY.fromJson(Files.readString(file), JsonObject.class);
    }

    private static void write(Path file, JsonObject json) throws IOException {
        Files.writeString(file, LtqJson.PRETTY.toJson(json));
    }

    /** Makes a file's provenance say that an AMD EPYC with AVX2 made it. */
    private static void madeElsewhere(Path file) throws IOException {
        JsonObject json = json(file);
        JsonObject p = json.getAsJsonObject("provenance");
        p.addProperty("cpu", ELSEWHERE);
        p.addProperty("cpuCapability", "avx2");
        write(file, json);
    }

    @Test
    public void runJsonAndEverySummaryRecordThisMachine() throws Exception {
        RunDirectory dir = new RunDirectory(reference);
        Provenance started = dir.readProvenance();
        assertNotNull(started);
        CpuInfo cpu = CpuInfo.read();
        assertEquals(started.cpu(), cpu.model());
        assertEquals(started.cpuCapability(),
                cpu.atenCapability(System.getenv(CpuInfo.ATEN_ENV)).name());
        assertEquals(started.cores(), Runtime.getRuntime().availableProcessors());
        assertEquals(started.engine(), "PyTorch");
        assertEquals(started.engineVersion(), ai.djl.engine.Engine.getEngine("PyTorch")
                .getVersion());
        assertEquals(started.djlVersion(), ai.djl.engine.Engine.getDjlVersion());
        assertTrue(started.engineThreads().matches("\\d+"), started.engineThreads());
        assertEquals(started.engineThreadsSource(), "engine");
        for (String summary : List.of("level_00/summary.json", "level_01/summary.json",
                "level_01/reinit/summary.json")) {
            assertEquals(LtqJson.PRETTY.fromJson(Files.readString(reference.resolve(summary)),
                    LevelSummary.class).provenance(), started, summary);
        }
    }

    @Test
    public void aResumeOnAnotherMachineSaysSoInOneLineAndRecordsThisMachine() throws Exception {
        Path run = copy("resumed");
        madeElsewhere(run.resolve("run.json"));
        // Killed during level 1 on the other machine: level 1 trains here.
        Files.delete(run.resolve("level_01/summary.json"));
        Files.delete(run.resolve("level_01/reinit/summary.json"));
        Provenance here = new RunDirectory(reference).readProvenance();

        Result r = BadInputTest.ltq(lottery(run, 1));
        assertEquals(r.code(), 0, r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(lines.size(), 1, r.err());
        String started = "ltq: this run was started on " + ELSEWHERE + ", avx2 (cpu flags), "
                + here.engineThreads() + (here.engineThreads().equals("1") ? " thread" : " threads")
                + ", PyTorch " + here.engineVersion() + " " + here.engineFlavor();
        assertEquals(lines.get(0), started + "; this machine is " + here.describe(List.of())
                + ": levels trained here will round differently (docs/architecture.md:"
                + " Reproducibility)");

        RunDirectory dir = new RunDirectory(run);
        assertEquals(dir.readProvenance().cpu(), ELSEWHERE, "run.json keeps where it started");
        assertEquals(dir.readSummary(1, Variant.TICKET).provenance(), here);
        assertEquals(dir.readSummary(1, Variant.REINIT).provenance(), here);

        // Finished, nothing trains: nothing to warn of.
        Result again = BadInputTest.ltq(lottery(run, 1));
        assertEquals(again.code(), 0, again.err());
        assertFalse(again.err().contains("this run was started on"), again.err());
    }

    @Test
    public void filesWrittenBeforeTheRecordReadAndResumeAsBefore() throws Exception {
        Path run = copy("old");
        for (String file : List.of("run.json", "level_00/summary.json", "level_01/summary.json",
                "level_01/reinit/summary.json")) {
            JsonObject json = json(run.resolve(file));
            assertNotNull(json.remove("provenance"), file);
            write(run.resolve(file), json);
        }
        Files.delete(run.resolve("level_01/reinit/summary.json"));
        RunDirectory dir = new RunDirectory(run);
        assertNull(dir.readProvenance());
        assertNull(dir.readSummary(0, Variant.TICKET).provenance());
        assertEquals(dir.readConfig(), new RunDirectory(reference).readConfig());

        Result r = BadInputTest.ltq(lottery(run, 1));
        assertEquals(r.code(), 0, r.err());
        assertEquals(r.err().strip(), "", "no machine recorded, nothing to compare");
        // The machine the run started on stays unknown; the control trained here is known.
        assertNull(dir.readProvenance());
        assertEquals(dir.readSummary(1, Variant.REINIT).provenance(),
                new RunDirectory(reference).readProvenance());

        Result report = BadInputTest.ltq("report", run.toString(), "--out",
                temp.resolve("old-report").toString());
        assertEquals(report.code(), 0, report.err());
        JsonObject runJson = json(temp.resolve("old-report/report.json"))
                .getAsJsonArray("runs").get(0).getAsJsonObject();
        assertTrue(runJson.get("mixed_machines").getAsBoolean(), "unrecorded and recorded");
        JsonArray machines = runJson.getAsJsonArray("machines");
        assertFalse(machines.get(0).getAsJsonObject().has("machine"));
        assertEquals(machines.get(0).getAsJsonObject().get("networks").toString(),
                "[\"0/ticket\",\"1/ticket\"]");
    }

    @Test
    public void theReportShowsWhichMachineTrainedWhichLevel() throws Exception {
        Path run = copy("mixed");
        madeElsewhere(run.resolve("level_00/summary.json"));
        Result r = BadInputTest.ltq("report", run.toString(), reference.toString(), "--out",
                temp.resolve("mixed-report").toString());
        assertEquals(r.code(), 0, r.err());

        JsonArray runs = json(temp.resolve("mixed-report/report.json")).getAsJsonArray("runs");
        JsonObject mixed = runs.get(0).getAsJsonObject();
        assertTrue(mixed.get("folder").getAsString().endsWith("mixed"));
        assertTrue(mixed.get("mixed_machines").getAsBoolean());
        JsonArray machines = mixed.getAsJsonArray("machines");
        assertEquals(machines.size(), 2);
        JsonObject first = machines.get(0).getAsJsonObject();
        assertEquals(first.getAsJsonObject("machine").get("cpu").getAsString(), ELSEWHERE);
        assertEquals(first.get("networks").toString(), "[\"0/ticket\"]");
        assertEquals(machines.get(1).getAsJsonObject().get("networks").toString(),
                "[\"1/ticket\",\"1/reinit\"]");
        JsonObject single = runs.get(1).getAsJsonObject();
        assertFalse(single.get("mixed_machines").getAsBoolean());
        assertEquals(single.getAsJsonArray("machines").size(), 1);

        String page = Files.readString(temp.resolve("mixed-report/report.html"));
        assertEquals(page.split("was trained on more than one machine", -1).length, 2, page);
        assertTrue(page.contains("0/ticket on " + ELSEWHERE + ", avx2 (cpu flags)"), page);
        Provenance here = new RunDirectory(reference).readProvenance();
        assertNotEquals(here.cpu(), ELSEWHERE);
        assertTrue(page.contains("1/ticket, 1/reinit on " + here.cpu()), page);
    }
}

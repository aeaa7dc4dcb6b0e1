package io.ltq.bench.quick;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ltq.experiments.cli.Ltq;
import io.ltq.experiments.inference.InferenceMeasurement;
import io.ltq.experiments.inference.InferenceTime;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.Variant;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * {@code ltq bench --only tickets} over a tiny structured run (LeNet-300-100, neurons) and a tiny
 * unstructured one, both on synthetic data: one row per finished level, the compact networks'
 * MACs shrinking level by level, the unstructured levels all at the dense network's; then {@code
 * ltq report} over both draws test accuracy against the times. Timings are not asserted.
 */
public class TicketInferenceBenchTest {

    private Path root;
    private Path neurons;
    private Path weights;

    /** Three levels (0 to 2), 20 steps each, no controls. */
    private static List<String> lottery(Path out, String structure) {
        return List.of("lottery", "--model", "lenet300", "--dataset", "synthetic",
                "--structure", structure, "--levels", "2", "--iterations", "20", "--eval-every",
                "10", "--batch-size", "32", "--train-limit", "500", "--validation", "100",
                "--controls", "none", "--quiet", "--out", out.toString());
    }

    @BeforeClass
    public void makeRuns() throws Exception {
        root = Files.createTempDirectory("ltq-ticket-bench");
        neurons = root.resolve("neurons");
        weights = root.resolve("weights");
        for (Path run : List.of(neurons, weights)) {
            Result r = ltq(lottery(run, run == neurons ? "neurons" : "weights"));
            assertEquals(r.code(), 0, r.err());
        }
    }

    @AfterClass(alwaysRun = true)
    public void deleteRuns() throws IOException {
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    public void timesEveryFinishedLevelAndTheReportDrawsThem() throws Exception {
        Result r = ltq(List.of("bench", "--quick", "--only", "tickets", "--runs",
                neurons + "," + weights));
        assertEquals(r.code(), 0, r.err());
        assertTrue(r.err().contains("ltq bench: tickets, " + neurons + ": 3 levels as compact"
                + " networks on PyTorch"), r.err());
        assertTrue(r.out().contains("Inference of finished ticket levels"), r.out());

        List<InferenceTime> compact = rows(neurons);
        List<InferenceTime> dense = rows(weights);
        for (List<InferenceTime> rows : List.of(compact, dense)) {
            assertEquals(rows.stream().map(InferenceTime::level).toList(), List.of(0, 1, 2));
            for (InferenceTime t : rows) {
                assertEquals(t.batch(), 256);
                assertEquals(t.engine(), "PyTorch");
                assertTrue(t.msPerBatch() > 0, t.toString());
                // Both written rounded: 6 decimals of ms, 1 of examples per second.
                assertEquals(t.examplesPerSecond(), 256_000 / t.msPerBatch(),
                        0.1 + 1e-4 * t.examplesPerSecond(), t.toString());
            }
        }
        // Dense LeNet-300-100: 784·300 + 300·100 + 100·10 multiply-accumulates per example.
        assertEquals(compact.get(0).macs(), 266_200);
        assertTrue(compact.get(1).macs() < compact.get(0).macs(), compact.toString());
        assertTrue(compact.get(2).macs() < compact.get(1).macs(), compact.toString());
        for (InferenceTime t : dense) {
            assertEquals(t.macs(), 266_200, t.toString());
            // One timing of the dense network stands for every level.
            assertEquals(t.msPerBatch(), dense.get(0).msPerBatch(), t.toString());
        }
        for (Path run : List.of(neurons, weights)) {
            RunDirectory dir = new RunDirectory(run);
            List<InferenceTime> rows = rows(run);
            for (InferenceTime t : rows) {
                assertEquals(t.weightsRemaining(), dir.readSummary(t.level(), Variant.TICKET)
                        .weightsRemaining(), 1e-4);
            }
            assertTrue(rows.get(2).weightsRemaining() < 70, rows.toString());
            JsonObject how = JsonParser.parseString(Files.readString(
                    run.resolve("inference/inference.json"))).getAsJsonObject();
            assertEquals(how.get("batch").getAsInt(), 256);
            // Both runs' levels were timed in one round-robin.
            assertEquals(how.getAsJsonArray("runs").size(), 2, how.toString());
            assertEquals(how.get("repeats").getAsInt(), 2);
            assertTrue(how.get("quick").getAsBoolean());
            assertEquals(how.getAsJsonObject("machine").get("engine").getAsString(), "PyTorch");
            assertEquals(how.getAsJsonObject("machine").get("engineThreads").getAsString(), "1");
        }
        assertEquals(JsonParser.parseString(Files.readString(
                neurons.resolve("inference/inference.json"))).getAsJsonObject()
                .get("structure").getAsString(), "neurons");

        // Rerunning replaces the files; it appends nothing.
        Result again = ltq(List.of("bench", "--quick", "--only", "tickets", "--runs",
                weights.toString()));
        assertEquals(again.code(), 0, again.err());
        assertEquals(rows(weights).size(), 3);

        Path report = root.resolve("report");
        Result page = ltq(List.of("report", neurons.toString(), weights.toString(), "--out",
                report.toString()));
        assertEquals(page.code(), 0, page.err());
        BufferedImage chart = ImageIO.read(report.resolve("accuracy_vs_inference_time.png")
                .toFile());
        assertTrue(chart != null && chart.getWidth() > 0, "the chart is a PNG");
        List<String> points = Files.readAllLines(report.resolve("inference.csv"));
        assertEquals(points.size(), 1 + 2 * 3, points.toString());
        List<String> groups = new ArrayList<>();
        for (String line : points.subList(1, points.size())) {
            groups.add(line.substring(0, line.indexOf(",")));
        }
        assertEquals(groups.stream().distinct().count(), 2L, points.toString());
        assertTrue(Files.readString(report.resolve("report.html"))
                .contains("Accuracy against inference time"));
    }

    @Test
    public void mistakesGiveOneSentenceExitCode2AndWriteNothing() throws Exception {
        Path notARun = Files.createDirectories(root.resolve("notes"));
        Path started = Files.createDirectories(root.resolve("started/level_00"))
                .getParent();
        Files.copy(weights.resolve("run.json"), started.resolve("run.json"));
        String[][] cases = {
            {"bench", "--only", "tickets", "--runs", notARun.toString()},
            {"bench", "--only", "tickets", "--runs", started.toString()},
            {"bench", "--only", "tickets", "--runs", weights + "," + notARun},
            {"bench", "--only", "tickets"},
            {"bench", "--only", "storage", "--runs", weights.toString()},
        };
        String[] named = {notARun.toString(), started.toString(), notARun.toString(), "--runs",
            "--only"};
        for (int i = 0; i < cases.length; i++) {
            Files.deleteIfExists(weights.resolve("inference/inference.csv"));
            Result r = ltq(List.of(cases[i]));
            assertEquals(r.code(), 2, r.err());
            String message = r.err().strip();
            assertTrue(message.startsWith("ltq: ") && message.contains(named[i]), message);
            assertEquals(message.lines().count(), 1L, message);
            assertFalse(message.contains("Exception"), message);
            assertFalse(Files.exists(notARun.resolve("inference")));
            assertFalse(Files.exists(started.resolve("inference")));
            // Every folder is checked before any is measured.
            assertFalse(Files.exists(weights.resolve("inference/inference.csv")), message);
        }
    }

    private static List<InferenceTime> rows(Path run) throws IOException {
        return InferenceMeasurement.readRows(run);
    }

    /** What {@code ltq} printed and returned. */
    private record Result(int code, String out, String err) {}

    private static Result ltq(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ltq.run(args.toArray(String[]::new), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}

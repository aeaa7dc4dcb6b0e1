package io.ltq.bench.quick;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ltq.experiments.cli.Ltq;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.testng.annotations.Test;

/**
 * A smoke run of {@code ltq bench --quick}: every benchmark runs on both engines and reports
 * positive numbers. Timings are not asserted; they depend on the machine.
 */
public class BenchCommandTest {

    @Test
    public void mistakesGiveOneSentenceAndExitCode2() {
        for (String[] args : new String[][] {
            {"bench", "--quick", "--engine", "TensorFlow"}, {"bench", "--quick", "--only", "speed"}
        }) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Ltq.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
            String named = args[args.length - 1];
            assertEquals(code, 2, err.toString());
            String message = err.toString().strip();
            assertTrue(message.startsWith("ltq: ") && message.contains(named), message);
            assertEquals(message.lines().count(), 1L, message);
            assertFalse(message.contains("Exception"), message);
        }
    }

    @Test
    public void ltqOffersBenchWhenThisModuleIsThere() {
        StringWriter out = new StringWriter();
        assertEquals(Ltq.run(new String[] {"--help"}, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true)), 0);
        assertTrue(out.toString().contains("bench"), out.toString());
    }

    @Test
    public void quickRunReportsEveryBenchmarkAsJson() throws Exception {
        Path file = Files.createTempDirectory("ltq-bench-test").resolve("out/bench.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                Ltq.run(new String[] {"bench", "--quick", "--json", "--out", file.toString()},
                        new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(code, 0, err.toString());
        JsonObject doc = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertEquals(JsonParser.parseString(Files.readString(file)), doc);

        JsonObject env = doc.getAsJsonObject("environment");
        assertTrue(env.get("quick").getAsBoolean());
        assertPositive(env, "cpus", "seconds");

        JsonArray steps = doc.getAsJsonArray("step_overhead");
        assertEquals(steps.size(), 2, "LeNet-300-100 on PyTorch and MXNet");
        for (JsonElement e : steps) {
            assertPositive(e.getAsJsonObject(), "dense_ms", "ltq_ms", "dense_cpu_ms",
                    "ltq_cpu_ms", "ratio_wall", "ratio_cpu", "sparsity", "target");
        }
        JsonArray pruning = doc.getAsJsonArray("pruning");
        assertEquals(pruning.size(), 4, "two sizes, layerwise and global");
        for (JsonElement e : pruning) {
            assertPositive(e.getAsJsonObject(), "weights", "tensors", "median_ms", "min_ms",
                    "allocated_bytes", "allocated_over_weights");
        }
        assertEquals(doc.getAsJsonArray("pruning_scaling").size(), 2);
        for (JsonElement e : doc.getAsJsonArray("pruning_scaling")) {
            assertPositive(e.getAsJsonObject(), "size_ratio", "time_ratio", "target");
        }
        JsonArray rewind = doc.getAsJsonArray("rewind");
        assertEquals(rewind.size(), 2);
        for (JsonElement e : rewind) {
            assertPositive(e.getAsJsonObject(), "weights", "rewind_ms", "new_masks_rewind_ms",
                    "ticket_prune_ms");
        }
        JsonArray storage = doc.getAsJsonArray("mask_storage");
        assertEquals(storage.size(), 4, "bool and packed at two densities");
        for (JsonElement e : storage) {
            assertPositive(e.getAsJsonObject(), "bytes", "bytes_per_weight", "save_ms",
                    "load_ms", "save_load_ms", "target_bytes_per_weight");
        }
        assertCompactRows(doc);
    }

    @Test
    public void quickCompactRunReportsDenseAgainstCompactInference() throws Exception {
        Path file = Files.createTempDirectory("ltq-bench-test").resolve("compact.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ltq.run(new String[] {"bench", "--quick", "--only", "compact", "--out",
                    file.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(code, 0, err.toString());
        JsonObject doc = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertCompactRows(doc);
        assertEquals(doc.getAsJsonArray("step_overhead").size(), 0);
        assertTrue(err.toString().contains("ltq bench: compact inference, conv2 on MXNet"),
                err.toString());
        String text = out.toString();
        assertTrue(text.contains("a compact structured ticket vs the dense network"), text);
        assertFalse(text.contains("Training-step overhead"), text);
    }

    /** LeNet-300-100 and Conv-2 at a quarter of their units, on both engines. */
    private static void assertCompactRows(JsonObject doc) {
        JsonArray rows = doc.getAsJsonArray("compact_inference");
        assertEquals(rows.size(), 4, "LeNet-300-100 and Conv-2 on PyTorch and MXNet: " + rows);
        Set<String> seen = new TreeSet<>();
        for (JsonElement e : rows) {
            JsonObject r = e.getAsJsonObject();
            seen.add(r.get("network").getAsString() + " " + r.get("engine").getAsString());
            assertEquals(r.get("kept").getAsDouble(), 0.25);
            assertEquals(r.get("batch_size").getAsInt(), 256);
            assertEquals(r.get("example").getAsString(), "1x28x28");
            assertPositive(r, "dense_macs", "compact_macs", "mac_reduction", "dense_latency_ms",
                    "compact_latency_ms", "latency_speedup", "dense_examples_per_second",
                    "compact_examples_per_second", "throughput_speedup",
                    "speedup_over_mac_reduction");
            // A quarter of the units leaves well under half the MACs of either network.
            assertTrue(r.get("mac_reduction").getAsDouble() > 2, r.toString());
            assertEquals(r.get("mac_reduction").getAsDouble(),
                    r.get("dense_macs").getAsDouble() / r.get("compact_macs").getAsDouble(),
                    1e-9);
            boolean lenet = r.get("network").getAsString().equals("lenet300");
            assertEquals(r.get("units").getAsString(), lenet ? "neurons" : "channels");
            assertEquals(r.has("target"), !lenet, r.toString());
        }
        assertEquals(seen, new TreeSet<>(List.of("conv2 MXNet", "conv2 PyTorch", "lenet300 MXNet",
                "lenet300 PyTorch")));
    }

    @Test
    public void onlyAndEngineSelectWhatRuns() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                Ltq.run(new String[] {"bench", "--quick", "--only", "storage", "--engine",
                            "mxnet"},
                        new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(code, 0, err.toString());
        String text = out.toString();
        assertTrue(text.contains("Mask storage"), text);
        assertFalse(text.contains("Training-step overhead"), text);
        assertTrue(err.toString().contains("ltq bench: mask storage"), err.toString());
        assertFalse(err.toString().contains("ltq bench: training step"), err.toString());
    }

    private static void assertPositive(JsonObject o, String... fields) {
        for (String f : fields) {
            assertTrue(o.has(f), f + " missing in " + o);
            assertTrue(o.get(f).getAsDouble() > 0, f + " is not positive in " + o);
        }
    }
}

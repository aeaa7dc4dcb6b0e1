package io.ltq.experiments.export;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.ltq.djl.structure.ConvolutionCheck;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.lottery.ExperimentData;
import io.ltq.experiments.lottery.InvalidSettingException;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.NetworkSettings;
import io.ltq.experiments.lottery.PruningSettings;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunListener;
import io.ltq.experiments.lottery.RunSession;
import io.ltq.experiments.lottery.StructureSettings;
import io.ltq.experiments.lottery.TinyRuns;
import io.ltq.experiments.lottery.Variant;
import io.ltq.files.Float32Npz;
import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.testng.SkipException;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * Structured tickets end to end on both engines: whole units pruned with their biases (and, on
 * Conv-2, through the flatten into the first Linear layer), pruned values exactly 0.0 after
 * compact training, the compact export computing what the masked network computes on the whole
 * test set (invariant 6), and the export loaded by a separate DJL program on either engine.
 */
public class StructuredTicketTest {

    @DataProvider(name = "cases")
    static Object[][] cases() {
        return new Object[][] {
            {"PyTorch", "lenet300", "neurons"}, {"MXNet", "lenet300", "neurons"},
            {"PyTorch", "conv2", "channels"}, {"MXNet", "conv2", "channels"},
        };
    }

    private static LotteryConfig config(String engine, String model, String structure) {
        List<String> controls = model.equals("lenet300")
                ? List.of("reinit", "random_prune", "scratch_e", "scratch_b") : List.of();
        return TinyRuns.CONFIG
                .withNetwork(NetworkSettings.DEFAULTS.withModel(model).withEngine(engine))
                .withTraining(TinyRuns.training(40, 20))
                .withStructure(StructureSettings.DEFAULTS.withStructure(structure))
                .withPruning(PruningSettings.DEFAULTS.withLevels(2).withControls(controls));
    }

    @Test(dataProvider = "cases")
    public void theCompactTicketComputesWhatTheMaskedOneComputes(String engine, String model,
            String structure) throws Exception {
        Path root = Files.createTempDirectory("ltq-structured");
        try {
            LotteryConfig config = config(engine, model, structure);
            ExperimentData data = TinyRuns.data(2);
            RunDirectory dir = new RunDirectory(root.resolve("run"));
            if (structure.equals("channels") && !ConvolutionCheck.of(engine).correct()) {
                // The engine is wrong at the compact widths on this machine: the run must say so
                // before it writes anything, and there is no compact ticket to check.
                InvalidSettingException refused = expectThrows(InvalidSettingException.class,
                        () -> TinyRuns.experiment(config, data, dir, RunListener.NONE).run());
                assertTrue(refused.getMessage().contains("multiple of 16"), refused.getMessage());
                assertFalse(Files.exists(dir.root().resolve("run.json")));
                throw new SkipException(engine + "'s convolution is wrong on this machine at"
                        + " channel counts that are not a multiple of 16: " + ConvolutionCheck
                                .of(engine) + "; the run was refused as it should be.");
            }
            List<LevelSummary> done = TinyRuns.experiment(config, data, dir, RunListener.NONE)
                    .run();
            assertEquals(done.size(), model.equals("lenet300") ? 11 : 3);
            // Weights remaining shrink with the widths; Scratch-B trains longer than Scratch-E.
            assertTrue(done.get(done.size() - 1).weightsRemaining() < 70, done.toString());
            for (int level = 1; level <= 2; level++) {
                assertPrunedValuesAreZero(dir, level);
            }
            if (model.equals("lenet300")) {
                assertTrue(Files.readString(dir.root().resolve("level_01/scratch_b/metrics.csv"))
                        .lines().count() > Files.readString(dir.root().resolve(
                                "level_01/scratch_e/metrics.csv")).lines().count());
            }

            Path out = root.resolve("ticket");
            ExportedTicket t = TicketExport.builder().setRun(dir).setLevel(2).setOut(out)
                    .setData(data).build().run();
            assertEquals(t.kind(), "compact");
            assertEquals(t.check().examples(), 200);
            assertTrue(t.check().maxLogitDifference() <= 1e-4, t.check().toString());
            assertEquals(t.check().top1Agreement(), 1.0);
            assertTrue(t.ticketMacs() < t.denseMacs() * 0.8, t.macReduction() + "x");
            assertTrue(t.ticketParameters() < t.denseParameters());
            for (int[] units : t.kept().values()) {
                assertTrue(units.length > 0);
            }

            // A separate DJL program loads the folder on either engine and computes what the
            // masked network computes.
            float[] expected = maskedLogits(dir, config, data);
            // An engine whose convolution is wrong at the compact widths cannot run the ticket.
            for (String probeEngine : List.of("PyTorch", "MXNet").stream().filter(e -> structure
                    .equals("neurons") || ConvolutionCheck.of(e).correct()).toList()) {
                float[] got = probe(out, probeEngine);
                assertEquals(got.length, expected.length);
                for (int i = 0; i < got.length; i++) {
                    assertEquals(got[i], expected[i], 1e-4, probeEngine + " logit " + i);
                }
            }
        } finally {
            TinyRuns.deleteTree(root);
        }
    }

    /** Every value a level's masks prune is exactly 0.0 in its trained weights, biases too. */
    private static void assertPrunedValuesAreZero(RunDirectory dir, int level) throws Exception {
        MaskSet masks = dir.loadMasks(level, Variant.TICKET);
        assertTrue(masks.names().stream().anyMatch(n -> n.endsWith("bias")), masks.names()
                .toString());
        Map<String, Float32Npz.Tensor> trained = Float32Npz.read(dir.root().resolve(
                String.format("level_%02d/trained.npz", level)));
        long pruned = 0;
        for (String name : masks.names()) {
            Mask m = masks.get(name);
            float[] v = trained.get(name).values();
            for (int i = 0; i < v.length; i++) {
                if (!m.isKept(i)) {
                    pruned++;
                    assertEquals(Float.floatToRawIntBits(Math.abs(v[i])), 0,
                            name + "[" + i + "] at level " + level);
                }
            }
        }
        assertTrue(pruned > 0);
    }

    private static float[] maskedLogits(RunDirectory dir, LotteryConfig config,
            ExperimentData data) throws Exception {
        try (RunSession session = RunSession.open(dir, Catalog.discover().network(dir, config),
                data)) {
            session.loadTrained(2);
            NDManager manager = session.model().getNDManager();
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.ones(new Shape(2).addAll(data.exampleShape()));
                return session.model().getBlock().forward(new ParameterStore(scope, false),
                        new NDList(x), false).head().toFloatArray();
            }
        }
    }

    private static float[] probe(Path folder, String engine) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                ExportedTicketProbe.class.getName(), folder.toString(), engine));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(p.exitValue(), 0, err);
        String[] tokens = out.strip().lines().reduce((a, b) -> b).orElse("").split(" +");
        float[] v = new float[tokens.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(tokens[i]);
        }
        return v;
    }

    @Test
    public void anUnstructuredTicketExportsCsrTensorsAndNoCompactBlock() throws Exception {
        Path root = Files.createTempDirectory("ltq-sparse");
        try {
            LotteryConfig config = TinyRuns.CONFIG.withTraining(TinyRuns.training(20, 20))
                    .withPruning(PruningSettings.DEFAULTS.withLevels(1).withControls(List.of()));
            ExperimentData data = TinyRuns.data(2);
            RunDirectory dir = new RunDirectory(root.resolve("run"));
            TinyRuns.experiment(config, data, dir, RunListener.NONE).run();
            Path out = root.resolve("ticket");
            ExportedTicket t = TicketExport.builder().setRun(dir).setLevel(1).setOut(out)
                    .setData(data).build().run();
            assertEquals(t.kind(), "sparse");
            assertTrue(t.ticketBytes() < t.denseBytes(), t.ticketBytes() + " vs " + t.denseBytes());
            assertEquals(t.ticketParameters(), 213060 + 410);
            // The layout scipy.sparse.load_npz reads: data, indices, indptr, format, shape.
            try (var zip = new java.util.zip.ZipFile(out.resolve("sparse/02fc1_weight.npz")
                    .toFile())) {
                List<String> names = zip.stream().map(java.util.zip.ZipEntry::getName).toList();
                assertEquals(names, List.of("data.npy", "indices.npy", "indptr.npy",
                        "format.npy", "shape.npy"));
            }
            assertTrue(Files.exists(out.resolve(ExportedTicket.FILE)));
            assertFalse(Files.exists(out.resolve("ticket-0000.params")));
            Float32Npz.Tensor fc1 = Float32Npz.read(dir.root().resolve("level_01/trained.npz"))
                    .get("02fc1_weight");
            assertEquals(fc1.shape()[0], 300L);
        } finally {
            TinyRuns.deleteTree(root);
        }
    }
}

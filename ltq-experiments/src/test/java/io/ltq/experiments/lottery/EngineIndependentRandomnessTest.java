package io.ltq.experiments.lottery;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import io.ltq.djl.init.PortableInitializer;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.models.Networks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.testng.annotations.Test;

/**
 * Invariant 4: every random draw of a run is LTQ's. θ0 is bit-identical on PyTorch and MXNet for
 * every network, and runs in parallel threads give what each gives alone.
 */
public class EngineIndependentRandomnessTest {

    private static LotteryConfig config(String model, String engine, long seed) {
        return TinyRuns.CONFIG
                .withNetwork(NetworkSettings.DEFAULTS.withModel(model).withEngine(engine))
                .withTraining(TinyRuns.training(30, 15))
                .withPruning(PruningSettings.DEFAULTS.withLevels(1))
                .withSeeds(TinyRuns.CONFIG.seeds().withInitSeed(seed));
    }

    @Test
    public void everyNetworkHasTheSameInitialWeightsOnBothEngines() {
        for (Networks net : Networks.values()) {
            Shape example = net.inputShape();
            Network network = Catalog.discover().network(net.cliName());
            try (Model pt = RunModels.create(config(net.cliName(), "PyTorch", 5), network,
                            example, net.numClasses());
                    Model mx = RunModels.create(config(net.cliName(), "MXNet", 5), network,
                            example, net.numClasses())) {
                int drawn = 0;
                for (Pair<String, Parameter> p : pt.getBlock().getParameters()) {
                    // Nothing may come from an engine's generator: LTQ's draws or constants.
                    Initializer init = p.getValue().getInitializer();
                    boolean portable = init instanceof PortableInitializer;
                    assertTrue(portable || init == Initializer.ZEROS || init == Initializer.ONES
                            || init instanceof ConstantInitializer,
                            net + " " + p.getKey() + ": " + init);
                    drawn += portable ? 1 : 0;
                    float[] a = p.getValue().getArray().toFloatArray();
                    float[] b = mx.getBlock().getParameters().get(p.getKey()).getArray()
                            .toFloatArray();
                    assertEquals(b.length, a.length);
                    for (int i = 0; i < a.length; i++) {
                        if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                            throw new AssertionError(net + " " + p.getKey() + "[" + i + "]: "
                                    + a[i] + " on PyTorch, " + b[i] + " on MXNet");
                        }
                    }
                }
                assertTrue(drawn > 0, net.toString());
            }
        }
    }

    /** MXNet trains in parallel threads: two runs at once give the files each gives alone. */
    @Test
    public void parallelRunsOnMxnetGiveTheResultsOfEachAlone() throws Exception {
        Path root = Files.createTempDirectory("ltq-parallel");
        long[] seeds = {1, 2};
        for (long seed : seeds) {
            run(config("lenet300", "MXNet", seed), root.resolve("alone-" + seed));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new java.util.ArrayList<>();
            for (long seed : seeds) {
                runs.add(pool.submit(() -> {
                    run(config("lenet300", "MXNet", seed), root.resolve("together-" + seed));
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (long seed : seeds) {
            assertEquals(KilledRunTest.fingerprints(root.resolve("together-" + seed)),
                    KilledRunTest.fingerprints(root.resolve("alone-" + seed)), "seed " + seed);
        }
    }

    /** PyTorch trains one model at a time per JVM: runs interleaved with others change nothing. */
    @Test
    public void interleavedRunsOnPyTorchGiveTheResultsOfEachAlone() throws Exception {
        Path root = Files.createTempDirectory("ltq-interleaved");
        run(config("lenet300", "PyTorch", 1), root.resolve("a"));
        run(config("lenet300", "PyTorch", 2), root.resolve("b"));
        // The other order, with an MXNet run between: no generator state carries over.
        run(config("lenet300", "PyTorch", 2), root.resolve("b2"));
        run(config("lenet300", "MXNet", 3), root.resolve("c"));
        run(config("lenet300", "PyTorch", 1), root.resolve("a2"));
        assertEquals(KilledRunTest.fingerprints(root.resolve("a2")),
                KilledRunTest.fingerprints(root.resolve("a")));
        assertEquals(KilledRunTest.fingerprints(root.resolve("b2")),
                KilledRunTest.fingerprints(root.resolve("b")));
    }

    private static Map<Path, String> run(LotteryConfig config, Path out) throws Exception {
        TinyRuns.experiment(config, ResumeTest.data(), new RunDirectory(out), RunListener.NONE)
                .run();
        return KilledRunTest.fingerprints(out);
    }
}

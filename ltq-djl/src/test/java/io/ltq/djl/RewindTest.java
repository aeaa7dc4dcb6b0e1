package io.ltq.djl;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.ltq.djl.internal.MaskedOptimizer;
import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.testng.annotations.Test;

/** Rewinding restores θk exactly, survives the next step on both engines, and resets state. */
public class RewindTest {

    private static final float LR = 0.05f;

    private static Supplier<Optimizer> momentumSgd(float lr) {
        return () -> Optimizer.sgd()
                .setLearningRateTracker(Tracker.fixed(lr))
                .optMomentum(0.9f)
                .build();
    }

    /** Runs up to {@code steps} steps, checking the invariant after each. */
    private static int train(Trainer trainer, ArrayDataset data, int steps, LotteryTicket ticket)
            throws Exception {
        int done = 0;
        for (Batch batch : trainer.iterateDataset(data)) {
            if (done == steps) {
                batch.close();
                break;
            }
            EasyTrain.trainBatch(trainer, batch);
            trainer.step();
            batch.close();
            done++;
            assertEquals(TinyProblem.prunedNonZero(ticket), 0, "after step " + done);
        }
        return done;
    }

    private static void assertRewound(
            Model model, Map<String, float[]> theta, MaskSet masks, String when) {
        Map<String, float[]> now = TinyProblem.snapshot(model);
        theta.forEach(
                (name, expected) -> {
                    float[] actual = now.get(name);
                    Mask mask = masks.get(name);
                    for (int i = 0; i < expected.length; i++) {
                        float want = mask == null || mask.isKept(i) ? expected[i] : 0f;
                        // Bit-exact for survivors: floatToIntBits tells 0.0 from -0.0, so compare
                        // pruned entries by value.
                        if (want == 0f) {
                            assertEquals(actual[i], 0f, name + "[" + i + "] " + when);
                        } else {
                            assertEquals(
                                    Float.floatToIntBits(actual[i]),
                                    Float.floatToIntBits(want),
                                    name + "[" + i + "] " + when);
                        }
                    }
                });
    }

    @Test(dataProvider = "engines", dataProviderClass = TinyProblem.class)
    public void capturesAtStepKAndRewindsBitExactly(String engine) throws Exception {
        try (Model model = TinyProblem.model(engine);
                NDManager data = NDManager.newBaseManager(engine);
                LotteryTicket ticket =
                        LotteryTicket.builder()
                                .setModel(model)
                                .setOptimizer(TinyProblem.optimizer("adam", 1e-3f))
                                .optRewindStep(5)
                                .build()) {
            ArrayDataset train = TinyProblem.dataset(data, 30 * TinyProblem.BATCH, 3);
            DefaultTrainingConfig config =
                    ticket.attach(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
            Map<String, float[]> theta5;
            try (Trainer trainer = model.newTrainer(config)) {
                ticket.initialize(trainer, TinyProblem.inputShape());
                train(trainer, train, 5, ticket);
                theta5 = TinyProblem.snapshot(model);
                train(trainer, train, 20, ticket);
            }
            assertEquals(ticket.getRewinder().capturedStep(), 5);
            assertNotEquals(TinyProblem.snapshot(model).get("01Linear_weight"),
                    theta5.get("01Linear_weight"));

            MaskSet masks = TinyProblem.randomMasks(ticket.getParameters().shapes(), 0.2, 5);
            ticket.setMasks(masks);
            ticket.rewind();
            assertEquals(ticket.getStep(), 5);
            assertRewound(model, theta5, masks, "after rewind");
        }
    }

    /**
     * A ticket that is reinitialized before its first capture (a resumed run that trains the
     * reinit control first) must not take the reinitialized weights as its rewind point.
     */
    @Test(dataProvider = "engines", dataProviderClass = TinyProblem.class)
    public void reinitializedWeightsAreNeverCapturedAutomatically(String engine)
            throws Exception {
        for (long k : new long[] {0, 3}) {
            try (Model model = TinyProblem.portableModel(engine, 1);
                    NDManager data = NDManager.newBaseManager(engine);
                    LotteryTicket ticket =
                            LotteryTicket.builder()
                                    .setModel(model)
                                    .setOptimizer(TinyProblem.optimizer("adam", 1e-3f))
                                    .optRewindStep(k)
                                    .build()) {
                ArrayDataset train = TinyProblem.dataset(data, 10 * TinyProblem.BATCH, 3);
                DefaultTrainingConfig config =
                        ticket.attach(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
                try (Trainer trainer = model.newTrainer(config)) {
                    ticket.initialize(trainer, TinyProblem.inputShape());
                    ticket.reinitialize(11);
                    train(trainer, train, 6, ticket);
                }
                assertFalse(ticket.getRewinder().hasCapture(), "k=" + k);
            }
        }
    }

    /**
     * With the trainer kept open across levels, the rewind must reach the copy the parameter
     * server updates (MXNet's KVStore), and the optimizer must start fresh: the first step after
     * the rewind is exactly θk - lr·g on the survivors, with no momentum from the last level.
     */
    @Test(dataProvider = "engines", dataProviderClass = TinyProblem.class)
    public void rewindSurvivesTheNextStepOnAReusedTrainer(String engine) throws Exception {
        try (Model model = TinyProblem.model(engine);
                NDManager data = NDManager.newBaseManager(engine);
                LotteryTicket ticket =
                        LotteryTicket.builder()
                                .setModel(model)
                                .setOptimizer(momentumSgd(LR))
                                .optRewindStep(0)
                                .build()) {
            ArrayDataset train = TinyProblem.dataset(data, 40 * TinyProblem.BATCH, 4);
            DefaultTrainingConfig config =
                    ticket.attach(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
            try (Trainer trainer = model.newTrainer(config)) {
                ticket.initialize(trainer, TinyProblem.inputShape());
                Map<String, float[]> theta0 = TinyProblem.snapshot(model);
                train(trainer, train, 20, ticket);

                MaskSet masks = TinyProblem.randomMasks(ticket.getParameters().shapes(), 0.2, 9);
                ticket.setMasks(masks);
                ticket.rewind();
                assertRewound(model, theta0, masks, "after rewind");

                // One step by hand, reading the gradient before the update.
                Batch batch = trainer.iterateDataset(train).iterator().next();
                EasyTrain.trainBatch(trainer, batch);
                Map<String, float[]> grads = new HashMap<>();
                for (var pair : model.getBlock().getParameters()) {
                    Parameter p = pair.getValue();
                    grads.put(pair.getKey(), p.getArray().getGradient().toFloatArray());
                }
                trainer.step();
                batch.close();
                assertEquals(TinyProblem.prunedNonZero(ticket), 0);

                Map<String, float[]> after = TinyProblem.snapshot(model);
                theta0.forEach(
                        (name, start) -> {
                            Mask mask = masks.get(name);
                            float[] g = grads.get(name);
                            float[] w = after.get(name);
                            for (int i = 0; i < start.length; i++) {
                                if (mask != null && !mask.isKept(i)) {
                                    continue;
                                }
                                float want = start[i] - LR * g[i];
                                assertEquals(w[i], want, 1e-6f + 1e-5f * Math.abs(want),
                                        name + "[" + i + "]");
                            }
                        });
                // The rest of the level trains normally with the reused trainer.
                assertEquals(train(trainer, train, 10, ticket), 10);
            }
        }
    }

    /** A new trainer from the same config reuses the masking optimizer; state still resets. */
    @Test(dataProvider = "engines", dataProviderClass = TinyProblem.class)
    public void reusedOptimizerAcrossTrainersStartsFresh(String engine) throws Exception {
        try (Model model = TinyProblem.model(engine);
                NDManager data = NDManager.newBaseManager(engine);
                LotteryTicket ticket =
                        LotteryTicket.builder()
                                .setModel(model)
                                .setOptimizer(TinyProblem.optimizer("adam", 1e-2f))
                                .optRewindStep(0)
                                .build()) {
            ArrayDataset train = TinyProblem.dataset(data, 60 * TinyProblem.BATCH, 5);
            DefaultTrainingConfig config =
                    ticket.attach(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
            Optimizer first;
            try (Trainer trainer = model.newTrainer(config)) {
                ticket.initialize(trainer, TinyProblem.inputShape());
                first = ((MaskedOptimizer) ticket.getOptimizer()).getDelegate();
                train(trainer, train, 25, ticket);
            }
            MaskSet masks = TinyProblem.randomMasks(ticket.getParameters().shapes(), 0.2, 10);
            ticket.setMasks(masks);
            ticket.rewind();
            assertNotEquals(((MaskedOptimizer) ticket.getOptimizer()).getDelegate(), first);
            try (Trainer trainer = model.newTrainer(config)) {
                assertEquals(train(trainer, train, 55, ticket), 55);
            }
            assertEquals(TinyProblem.prunedNonZero(ticket), 0);
        }
    }

    @Test(dataProvider = "engines", dataProviderClass = TinyProblem.class)
    public void reinitializeDrawsFreshMaskedWeightsPerSeed(String engine) throws Exception {
        try (Model model = TinyProblem.portableModel(engine, 1);
                LotteryTicket ticket =
                        LotteryTicket.builder()
                                .setModel(model)
                                .setOptimizer(TinyProblem.optimizer("sgd", 0f))
                                .build()) {
            DefaultTrainingConfig config =
                    ticket.attach(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
            try (Trainer trainer = model.newTrainer(config)) {
                ticket.initialize(trainer, TinyProblem.inputShape());
            }
            Map<String, float[]> theta0 = TinyProblem.snapshot(model);
            MaskSet masks = TinyProblem.randomMasks(ticket.getParameters().shapes(), 0.3, 2);
            ticket.setMasks(masks);

            ticket.reinitialize(42);
            float[] a = TinyProblem.snapshot(model).get("01Linear_weight");
            assertEquals(TinyProblem.prunedNonZero(ticket), 0);
            ticket.reinitialize(42);
            float[] again = TinyProblem.snapshot(model).get("01Linear_weight");
            ticket.reinitialize(43);
            float[] other = TinyProblem.snapshot(model).get("01Linear_weight");

            assertEquals(again, a, "same seed, same weights");
            assertNotEquals(other, a, "another seed, other weights");
            Mask mask = masks.get("01Linear_weight");
            float[] original = theta0.get("01Linear_weight");
            int differing = 0;
            for (int i = 0; i < a.length; i++) {
                if (mask.isKept(i) && a[i] != original[i]) {
                    differing++;
                }
            }
            assertTrue(differing > mask.countKept() / 2, "survivors were redrawn");
            assertFalse(ticket.getRewinder().hasCapture());
        }
    }

    /** DJL's own initializers draw from the engine: reinitializing refuses them, and says how. */
    @Test
    public void reinitializeRefusesEngineDrawnInitializersAndTheAdviceWorks() throws Exception {
        try (Model model = TinyProblem.model("PyTorch");
                LotteryTicket ticket = LotteryTicket.builder()
                        .setModel(model)
                        .setOptimizer(TinyProblem.optimizer("sgd", 0f))
                        .build()) {
            model.getBlock().initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                    TinyProblem.inputShape());
            Map<String, float[]> before = TinyProblem.snapshot(model);
            IllegalStateException e =
                    org.testng.Assert.expectThrows(IllegalStateException.class,
                            () -> ticket.reinitialize(1));
            assertTrue(e.getMessage().contains("01Linear_weight")
                    && e.getMessage().contains("PortableInitializer.glorotNormal()"),
                    e.getMessage());
            Map<String, float[]> after = TinyProblem.snapshot(model);
            before.forEach((name, v) -> assertEquals(after.get(name), v, "untouched: " + name));

            // As the message says: a PortableInitializer on the weights, and it works.
            model.getBlock().setInitializer(io.ltq.djl.init.PortableInitializer.glorotNormal(),
                    Parameter.Type.WEIGHT);
            model.getBlock().setInitializer(ai.djl.training.initializer.Initializer.ZEROS,
                    Parameter.Type.BIAS);
            ticket.reinitialize(1);
            assertFalse(java.util.Arrays.equals(TinyProblem.snapshot(model).get("01Linear_weight"),
                    before.get("01Linear_weight")));
        }
    }
}

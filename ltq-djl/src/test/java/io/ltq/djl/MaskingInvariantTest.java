package io.ltq.djl;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.ltq.mask.MaskSet;
import java.util.function.Supplier;
import org.testng.annotations.Test;

/**
 * Invariant 1 of the design: after every optimizer step every pruned weight is exactly 0.0, for
 * every optimizer, with weight decay, on PyTorch and MXNet, also when a trainer or the optimizer
 * is reused across levels.
 */
public class MaskingInvariantTest {

    private static final int STEPS = 60;

    @Test(dataProvider = "enginesAndOptimizers", dataProviderClass = TinyProblem.class)
    public void prunedWeightsStayZeroAfterEveryStep(String engine, String opt, float wd)
            throws Exception {
        checkEveryStep(engine, opt, wd);
    }

    /**
     * The same on MXNet with DJL's Java parameter server, which {@code ltq} uses: the optimizer
     * then updates the parameter arrays themselves instead of the KVStore's copy. (PyTorch always
     * uses that server.)
     */
    @Test(dataProvider = "mxnetOptimizers", dataProviderClass = TinyProblem.class)
    public void prunedWeightsStayZeroWithDjlsLocalParameterServer(
            String engine, String opt, float wd) throws Exception {
        TinyProblem.withLocalParameterServer(true, () -> {
            checkEveryStep(engine, opt, wd);
            return null;
        });
    }

    private static void checkEveryStep(String engine, String opt, float wd) throws Exception {
        Supplier<Optimizer> optimizer = TinyProblem.optimizer(opt, wd);
        try (Model model = TinyProblem.model(engine);
                NDManager data = NDManager.newBaseManager(engine)) {
            ArrayDataset train = TinyProblem.dataset(data, STEPS * TinyProblem.BATCH, 1);
            try (LotteryTicket ticket =
                    LotteryTicket.builder().setModel(model).setOptimizer(optimizer).build()) {
                DefaultTrainingConfig config =
                        ticket.attach(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(TinyProblem.inputShape());
                    MaskSet masks =
                            TinyProblem.randomMasks(ticket.getParameters().shapes(), 0.2, 11);
                    ticket.setMasks(masks);
                    assertEquals(TinyProblem.prunedNonZero(ticket), 0);
                    float[] before = TinyProblem.snapshot(model).get("01Linear_weight");

                    int steps = 0;
                    for (Batch batch : trainer.iterateDataset(train)) {
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                        batch.close();
                        steps++;
                        assertEquals(
                                TinyProblem.prunedNonZero(ticket),
                                0,
                                "pruned weights came back after step " + steps);
                    }
                    assertTrue(steps >= 50, "only " + steps + " steps");
                    // The survivors did train: the check above is not vacuous.
                    assertNotEquals(TinyProblem.snapshot(model).get("01Linear_weight"), before);
                }
                // The last step is settled when the trainer closes.
                assertEquals(ticket.getStep(), STEPS);
            }
        }
    }

    /** The control: without the masking optimizer, pruned weights do come back. */
    @Test(dataProvider = "engines", dataProviderClass = TinyProblem.class)
    public void maskingOnlyBeforeTrainingIsNotEnough(String engine) throws Exception {
        try (Model model = TinyProblem.model(engine);
                NDManager data = NDManager.newBaseManager(engine)) {
            ArrayDataset train = TinyProblem.dataset(data, 4 * TinyProblem.BATCH, 1);
            try (LotteryTicket ticket =
                    LotteryTicket.builder()
                            .setModel(model)
                            .setOptimizer(TinyProblem.optimizer("adam", 0f))
                            .build()) {
                // A config with a plain optimizer and no LTQ listener.
                DefaultTrainingConfig config =
                        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                .optOptimizer(Optimizer.adam().build());
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(TinyProblem.inputShape());
                    ticket.setMasks(
                            TinyProblem.randomMasks(ticket.getParameters().shapes(), 0.2, 11));
                    assertEquals(TinyProblem.prunedNonZero(ticket), 0);
                    for (Batch batch : trainer.iterateDataset(train)) {
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                        batch.close();
                    }
                    assertTrue(TinyProblem.prunedNonZero(ticket) > 0);
                }
            }
        }
    }

    /** A trainer whose optimizer was swapped behind the ticket's back is refused, loudly. */
    @Test(dataProvider = "engines", dataProviderClass = TinyProblem.class)
    public void trainerWithoutTheMaskingOptimizerIsRefused(String engine) throws Exception {
        try (Model model = TinyProblem.model(engine);
                NDManager data = NDManager.newBaseManager(engine)) {
            ArrayDataset train = TinyProblem.dataset(data, 4 * TinyProblem.BATCH, 1);
            try (LotteryTicket ticket =
                    LotteryTicket.builder()
                            .setModel(model)
                            .setOptimizer(TinyProblem.optimizer("sgd", 0f))
                            .build()) {
                DefaultTrainingConfig config =
                        ticket.attach(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
                config.optOptimizer(Optimizer.adam().build());
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(TinyProblem.inputShape());
                    IllegalStateException e =
                            expectThrows(
                                    IllegalStateException.class,
                                    () -> EasyTrain.fit(trainer, 1, train, null));
                    assertTrue(e.getMessage().contains("LotteryTicket.attach"), e.getMessage());
                }
            }
        }
    }
}

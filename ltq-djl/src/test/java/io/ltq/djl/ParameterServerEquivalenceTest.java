package io.ltq.djl;

import static org.testng.Assert.assertEquals;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.Map;
import org.testng.annotations.Test;

/**
 * On MXNet, {@code ltq} trains with DJL's Java parameter server instead of the KVStore, for speed:
 * a ticket must train to exactly the same weights on both, or results would depend on the launcher.
 * (PyTorch has only DJL's own parameter server.)
 */
public class ParameterServerEquivalenceTest {

    @Test(dataProvider = "mxnetOptimizers", dataProviderClass = TinyProblem.class)
    public void ticketTrainsToTheSameWeightsOnBothServers(String engine, String opt, float wd)
            throws Exception {
        Map<String, float[]> kvstore = train(engine, opt, wd, false);
        Map<String, float[]> local = train(engine, opt, wd, true);
        assertEquals(local.keySet(), kvstore.keySet());
        for (Map.Entry<String, float[]> e : kvstore.entrySet()) {
            assertEquals(Arrays.compare(local.get(e.getKey()), e.getValue()), 0,
                    e.getKey() + " differs between the parameter servers with " + opt);
        }
    }

    private static Map<String, float[]> train(
            String engine, String opt, float wd, boolean localServer) throws Exception {
        return TinyProblem.withLocalParameterServer(localServer, () -> {
            Engine.getEngine(engine).setRandomSeed(3);
            try (Model model = TinyProblem.model(engine);
                    NDManager data = NDManager.newBaseManager(engine);
                    LotteryTicket ticket =
                            LotteryTicket.builder()
                                    .setModel(model)
                                    .setOptimizer(TinyProblem.optimizer(opt, wd))
                                    .build()) {
                ArrayDataset train = TinyProblem.dataset(data, 20 * TinyProblem.BATCH, 1);
                DefaultTrainingConfig config =
                        ticket.attach(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(TinyProblem.inputShape());
                    ticket.setMasks(
                            TinyProblem.randomMasks(ticket.getParameters().shapes(), 0.3, 5));
                    for (Batch batch : trainer.iterateDataset(train)) {
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                        batch.close();
                    }
                }
                return TinyProblem.snapshot(model);
            }
        });
    }
}

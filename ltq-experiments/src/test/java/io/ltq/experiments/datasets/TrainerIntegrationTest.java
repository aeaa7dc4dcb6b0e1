package io.ltq.experiments.datasets;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import io.ltq.experiments.models.Networks;

import org.testng.Assert;
import org.testng.annotations.Test;

/** DJL's own training loop consumes the splits: float labels, batches, epochs. */
public class TrainerIntegrationTest {

    @Test
    public void lenetLearnsTheSyntheticDataWithEasyTrain() throws Exception {
        Engine.getEngine("PyTorch");
        TrainTestData data =
                SyntheticData.builder().optTrainSize(1200).optTestSize(200).optSeed(2).build();
        DataSplits splits =
                DataSplits.builder()
                        .setData(data)
                        .setBatchSize(50)
                        .optEvalBatchSize(200)
                        .optValidationSize(200)
                        .optShuffleSeed(3)
                        .build();
        try (Model model = Model.newInstance("lenet", Device.cpu(), "PyTorch")) {
            model.setBlock(Networks.LENET300.newBlock());
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .addEvaluator(new Accuracy())
                            .addTrainingListeners(TrainingListener.Defaults.basic())
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.05f))
                                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1, 28, 28));
                EasyTrain.fit(trainer, 2, splits.train(), splits.validation());
                TrainingResult result = trainer.getTrainingResult();
                Assert.assertTrue(
                        result.getValidateEvaluation("Accuracy") > 0.9f, result.toString());
            }
        }
        Assert.assertEquals(splits.trainSampler().getEpoch(), 2);
    }
}

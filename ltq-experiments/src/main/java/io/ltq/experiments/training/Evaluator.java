package io.ltq.experiments.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;

/** Measures loss and accuracy of a trainer's network on a dataset, in inference mode. */
public final class Evaluator {

    private Evaluator() {}

    /**
     * Evaluates the network over the whole dataset.
     *
     * @param trainer the trainer holding the network
     * @param dataset the examples
     * @return mean loss and accuracy
     * @throws IOException when the data cannot be read
     */
    public static Evaluation evaluate(Trainer trainer, Dataset dataset) throws IOException {
        double lossSum = 0;
        long correct = 0;
        long count = 0;
        try {
            for (Batch batch : trainer.iterateDataset(dataset)) {
                try (batch;
                        NDManager scope = trainer.getManager().newSubManager()) {
                    NDList data = batch.getData();
                    NDList labels = batch.getLabels();
                    scope.tempAttachAll(data, labels);
                    NDList preds = trainer.evaluate(data);
                    preds.attach(scope);
                    long n = labels.head().getShape().get(0);
                    NDArray loss = trainer.getLoss().evaluate(labels, preds);
                    lossSum += loss.getFloat() * n;
                    NDArray predicted = preds.head().argMax(1).toType(labels.head().getDataType(),
                            false);
                    correct += predicted.eq(labels.head().reshape(predicted.getShape()))
                            .countNonzero().getLong();
                    count += n;
                }
            }
        } catch (TranslateException e) {
            throw new IOException("Could not read a batch of " + dataset + ".", e);
        }
        if (count == 0) {
            throw new IllegalArgumentException("Cannot evaluate on an empty dataset.");
        }
        return new Evaluation(lossSum / count, (double) correct / count, count);
    }
}

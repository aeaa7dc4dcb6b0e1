package io.ltq.experiments.cli;

import io.ltq.experiments.datasets.CifarAugmentation;
import io.ltq.experiments.datasets.DataSplits;
import io.ltq.experiments.datasets.Datasets;
import io.ltq.experiments.datasets.TrainTestData;
import io.ltq.experiments.lottery.ExperimentData;
import io.ltq.experiments.lottery.SplitsData;

/** Loads the data a command's options name and splits it as the run's settings say. */
final class ExperimentDataLoader {

    /** Evaluation goes faster in large batches; it does not change any result. */
    private static final int EVAL_BATCH = 1000;

    private ExperimentDataLoader() {}

    /**
     * The loaded data.
     *
     * @param data the splits
     * @param stepsPerEpoch training steps in one epoch, to read --rewind in epochs
     * @param description where the data came from, for people
     */
    record Loaded(ExperimentData data, long stepsPerEpoch, String description) {}

    static Loaded load(RunOptions run) {
        Datasets dataset = Datasets.fromName(run.datasetName());
        TrainTestData raw = dataset.load(run.data);
        DataSplits.Builder builder =
                DataSplits.builder()
                        .setData(raw)
                        .setBatchSize(run.batchSize())
                        .optEvalBatchSize(EVAL_BATCH)
                        .optShuffleSeed(run.dataSeed)
                        .optValidationSize(run.validationSize)
                        .optSplitSeed(run.splitSeed)
                        .optTrainLimit(run.trainLimit);
        if (run.augment) {
            builder.optAugmentation(CifarAugmentation.builder().optSeed(run.dataSeed).build());
        }
        SplitsData data = new SplitsData(builder.build());
        long steps = Math.max(1, data.trainSize() / run.batchSize());
        String where = run.data != null ? run.data.toString()
                : dataset.localCopy().map(Object::toString).orElse("DJL download");
        return new Loaded(data, steps,
                dataset.cliName() + " (" + data.trainSize() + " train) from " + where);
    }
}

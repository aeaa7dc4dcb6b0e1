package io.ltq.experiments.cli;

import io.ltq.experiments.datasets.CifarAugmentation;
import io.ltq.experiments.datasets.DataSplits;
import io.ltq.experiments.datasets.Datasets;
import io.ltq.experiments.datasets.TrainTestData;
import io.ltq.experiments.lottery.ExperimentData;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.SplitsData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

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
        return load(run, new HashMap<>());
    }

    /**
     * Loads and splits the data of a command line, reading each dataset's files once for many
     * command lines.
     *
     * @param run the options
     * @param loaded the datasets read so far, by name and folder; a new one is added
     * @return the splits
     */
    static Loaded load(RunOptions run, Map<String, TrainTestData> loaded) {
        Datasets dataset = Datasets.fromName(run.datasetName());
        if (run.augment && dataset != Datasets.CIFAR10) {
            // The flips and padded crops are CIFAR-10's, with its per-channel colour fill.
            throw new IllegalArgumentException(
                    "--augment applies CIFAR-10's flips and crops to colour images, and "
                            + dataset.cliName() + " is grayscale: drop --augment, or use"
                            + " --dataset cifar10.");
        }
        TrainTestData raw = loaded.computeIfAbsent(dataset.cliName() + " " + run.data,
                k -> dataset.load(run.data));
        SplitsData data = split(raw, run.batchSize(), run.validationSize, run.splitSeed,
                run.trainLimit, run.augment, run.dataSeed);
        long steps = Math.max(1, data.trainSize() / run.batchSize());
        return new Loaded(data, steps,
                dataset.cliName() + " (" + data.trainSize() + " train) from "
                        + where(dataset, run.data));
    }

    /**
     * Returns a function from data-order seed to the splits of a recorded run, loading the files
     * once.
     *
     * @param config the run's settings
     * @param folder the data folder, or {@code null} for the default place
     * @return the splits for each seed
     */
    static LongFunction<ExperimentData> forRun(LotteryConfig config, Path folder) {
        TrainTestData raw = Datasets.fromName(config.data().dataset()).load(folder);
        return seed -> split(raw, config.data().batchSize(), config.data().validationSize(),
                config.seeds().splitSeed(), config.data().trainLimit(), config.data().augment(),
                seed);
    }

    private static SplitsData split(TrainTestData raw, int batchSize, int validationSize,
            long splitSeed, int trainLimit, boolean augment, long orderSeed) {
        DataSplits.Builder builder =
                DataSplits.builder()
                        .setData(raw)
                        .setBatchSize(batchSize)
                        .optEvalBatchSize(EVAL_BATCH)
                        .optShuffleSeed(orderSeed)
                        .optValidationSize(validationSize)
                        .optSplitSeed(splitSeed)
                        .optTrainLimit(trainLimit);
        if (augment) {
            builder.optAugmentation(CifarAugmentation.builder().optSeed(orderSeed).build());
        }
        return new SplitsData(builder.build());
    }

    private static String where(Datasets dataset, Path folder) {
        return folder != null ? folder.toString()
                : dataset.localCopy().map(Object::toString).orElse("DJL download");
    }
}

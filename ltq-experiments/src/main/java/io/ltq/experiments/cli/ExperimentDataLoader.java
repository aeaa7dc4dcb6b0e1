package io.ltq.experiments.cli;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.datasets.DataSource;
import io.ltq.experiments.datasets.TrainTestData;
import io.ltq.experiments.lottery.ExperimentData;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.SplitsData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/** Loads the data a command's options name and splits it as the run's settings say. */
final class ExperimentDataLoader {

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
        DataSource dataset = run.catalog().dataset(run.datasetName());
        if (run.augment && dataset.augmentation(run.dataSeed).isEmpty()) {
            throw new UserMistakeException(
                    "--augment applies a dataset's own flips and crops, and " + dataset.name()
                            + " has none: drop --augment, or use --dataset cifar10.");
        }
        TrainTestData raw = loaded.computeIfAbsent(dataset.name() + " " + run.data,
                k -> dataset.load(run.data));
        SplitsData data = SplitsData.split(raw, dataset, run.batchSize(), run.validationSize,
                run.splitSeed, run.trainLimit, run.augment, run.dataSeed);
        long steps = Math.max(1, data.trainSize() / run.batchSize());
        return new Loaded(data, steps,
                dataset.name() + " (" + data.trainSize() + " train) from "
                        + dataset.whereFrom(run.data));
    }

    /**
     * Returns a function from data-order seed to the splits of a recorded run, loading the files
     * once.
     *
     * @param dir the run folder
     * @param config the run's settings
     * @param folder the data folder, or {@code null} for the default place
     * @return the splits for each seed
     */
    static LongFunction<ExperimentData> forRun(RunDirectory dir, LotteryConfig config,
            Path folder) {
        DataSource dataset = Catalog.discover().dataset(dir, config);
        TrainTestData raw = dataset.load(folder);
        return seed -> SplitsData.forRun(raw, dataset, config, seed);
    }
}

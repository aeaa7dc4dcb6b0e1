package io.ltq.experiments.datasets;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One of the {@link Datasets} as a {@link DataSource}, the way the catalog offers it; the enum
 * keeps its own API for code that names a bundled dataset directly.
 */
public final class BundledDataSource implements DataSource {

    private final Datasets dataset;

    /**
     * Wraps a bundled dataset.
     *
     * @param dataset the dataset
     */
    public BundledDataSource(Datasets dataset) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
    }

    @Override
    public String name() {
        return dataset.cliName();
    }

    @Override
    public String displayName() {
        return dataset.displayName();
    }

    @Override
    public TrainTestData load(Path folder) {
        return dataset.load(folder);
    }

    @Override
    public String whereFrom(Path folder) {
        return dataset.whereFrom(folder);
    }

    @Override
    public Optional<BatchAugmentation> augmentation(long seed) {
        return dataset.augmentation(seed);
    }

    @Override
    public String toString() {
        return name();
    }
}

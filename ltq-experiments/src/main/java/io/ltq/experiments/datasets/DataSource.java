package io.ltq.experiments.datasets;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A dataset LTQ can run on: a name ({@code --dataset}) and its training and test sets, loaded
 * into memory as labelled (channels, height, width) images. LTQ holds out the validation set and
 * orders the training set itself, from the run's seeds, so the data order is the same on every
 * engine and in a resumed run.
 *
 * <p>The bundled datasets are {@link Datasets} and {@link ImageFolderData} ({@code
 * image-folder}: a folder of images in class subfolders). Bring your own by registering it
 * ({@link io.ltq.experiments.catalog.LtqExtension#datasets()}), by giving {@code --dataset} the
 * class name of a {@code DataSource} with a public no-argument constructor, or from Java with a
 * DJL {@code RandomAccessDataset} ({@link DjlDatasets#of}).
 */
public interface DataSource {

    /**
     * Returns the name {@code --dataset} takes and {@code run.json} records.
     *
     * @return e.g. {@code fashion-mnist}
     */
    String name();

    /**
     * Returns the name used in messages.
     *
     * @return e.g. {@code Fashion-MNIST}; the name by default
     */
    default String displayName() {
        return name();
    }

    /**
     * Loads the training and test sets.
     *
     * @param folder the folder of {@code --data}, or {@code null} when none was given
     * @return the data in memory
     * @throws DataException naming what is missing or damaged and what to do
     */
    TrainTestData load(Path folder);

    /**
     * Says where the data comes from without {@code --data}, for {@code ltq list} and the run's
     * first line.
     *
     * @param folder the folder of {@code --data}, or {@code null}
     * @return e.g. {@code found at /usr/share/datasets/fashion-mnist}
     */
    default String whereFrom(Path folder) {
        return folder != null ? folder.toString() : "given by " + getClass().getName();
    }

    /**
     * Returns the random augmentation of training batches that {@code --augment} turns on.
     *
     * @param seed the run's data-order seed, which the augmentation draws from
     * @return the augmentation, or empty when the dataset has none
     */
    default Optional<BatchAugmentation> augmentation(long seed) {
        return Optional.empty();
    }
}

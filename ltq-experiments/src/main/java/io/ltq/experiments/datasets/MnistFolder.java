package io.ltq.experiments.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads MNIST or Fashion-MNIST from a folder holding the four IDX files under their usual names:
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}
 * and {@code t10k-labels-idx1-ubyte}, each possibly gzipped with a {@code .gz} suffix (the
 * compression itself is detected from the content). The variant with a dot, {@code
 * train-images.idx3-ubyte}, is accepted too.
 */
public final class MnistFolder {

    /** The number of classes of MNIST and Fashion-MNIST. */
    public static final int NUM_CLASSES = 10;

    private static final String[] STEMS = {
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"
    };

    private MnistFolder() {}

    /**
     * Tells whether a folder holds all four files.
     *
     * @param folder the folder to look in
     * @return true if {@link #load} would find every file
     */
    public static boolean isPresent(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        for (String stem : STEMS) {
            if (find(folder, stem) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the training and test sets from a folder.
     *
     * @param folder the folder holding the IDX files
     * @param datasetName the name used in messages, {@code MNIST} or {@code Fashion-MNIST}
     * @return the training (60,000 for the real data) and test (10,000) images
     * @throws DataException if the folder or a file is missing or a file is bad
     */
    public static TrainTestData load(Path folder, String datasetName) {
        Path[] files = new Path[STEMS.length];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < STEMS.length; i++) {
            files[i] = Files.isDirectory(folder) ? find(folder, STEMS[i]) : null;
            if (files[i] == null) {
                missing.add(STEMS[i] + "(.gz)");
            }
        }
        if (!missing.isEmpty()) {
            String where =
                    Files.isDirectory(folder)
                            ? "missing " + String.join(", ", missing)
                            : "the folder does not exist";
            throw new DataException(
                    "No "
                            + datasetName
                            + " data in "
                            + folder
                            + " ("
                            + where
                            + "): expected train-images-idx3-ubyte(.gz), "
                            + "train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz) and "
                            + "t10k-labels-idx1-ubyte(.gz) there; download them or pass --data "
                            + "pointing at the folder that holds them.");
        }
        LabeledImages train = IdxReader.read(files[0], files[1], NUM_CLASSES);
        LabeledImages test = IdxReader.read(files[2], files[3], NUM_CLASSES);
        if (!train.exampleShape().equals(test.exampleShape())) {
            throw new DataException(
                    String.format(
                            "Files %s and %s hold images of different sizes (%s vs %s); use the "
                                    + "files of one release.",
                            files[0], files[2], train.exampleShape(), test.exampleShape()));
        }
        return new TrainTestData(datasetName, train, test);
    }

    private static Path find(Path folder, String stem) {
        Path file = DataFiles.findMaybeGz(folder, stem);
        if (file == null) {
            // Some mirrors write "train-images.idx3-ubyte".
            int dash = stem.lastIndexOf("-idx");
            file =
                    DataFiles.findMaybeGz(
                            folder, stem.substring(0, dash) + "." + stem.substring(dash + 1));
        }
        return file;
    }
}

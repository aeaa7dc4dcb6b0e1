package io.ltq.experiments.datasets;

import ai.djl.ndarray.types.Shape;

import io.ltq.experiments.UserMistakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The data sets by command-line name, and where to find them.
 *
 * <p>{@link #load(Path)} reads the given folder if there is one. Without a folder it looks for a
 * local copy in {@code /usr/share/datasets/<name>} (where Debian's {@code dataset-fashion-mnist}
 * package installs Fashion-MNIST) and, failing that, downloads through DJL's basicdataset, which
 * needs the internet. The synthetic data set is generated and never read.
 *
 * <pre>
 * TrainTestData data = Datasets.fromName("fashion-mnist").load(null);
 * </pre>
 */
public enum Datasets {

    /** MNIST handwritten digits, 1x28x28. */
    MNIST("mnist", "MNIST", new Shape(1, 28, 28)),
    /** Zalando's Fashion-MNIST, 1x28x28. */
    FASHION_MNIST("fashion-mnist", "Fashion-MNIST", new Shape(1, 28, 28)),
    /** CIFAR-10, 3x32x32, standardized per channel. */
    CIFAR10("cifar10", "CIFAR-10", new Shape(3, 32, 32)),
    /** {@link SyntheticData} with its defaults: 10,000 training and 2,000 test images, 1x28x28. */
    SYNTHETIC("synthetic", "synthetic", new Shape(1, 28, 28));

    /** The folder below which local copies are looked for, one subfolder per CLI name. */
    public static final Path SYSTEM_DATA_ROOT = Path.of("/usr/share/datasets");

    private final String cliName;
    private final String displayName;
    private final Shape exampleShape;

    Datasets(String cliName, String displayName, Shape exampleShape) {
        this.cliName = cliName;
        this.displayName = displayName;
        this.exampleShape = exampleShape;
    }

    /**
     * Returns the name used on the command line, such as {@code fashion-mnist}.
     *
     * @return the command-line name
     */
    public String cliName() {
        return cliName;
    }

    /**
     * Returns the name used in messages, such as {@code Fashion-MNIST}.
     *
     * @return the display name
     */
    public String displayName() {
        return displayName;
    }

    /**
     * Returns the shape of one example.
     *
     * @return (channels, height, width)
     */
    public Shape exampleShape() {
        return exampleShape;
    }

    /**
     * Returns the number of classes.
     *
     * @return 10
     */
    public int numClasses() {
        return 10;
    }

    /**
     * Returns the local copy used when no folder is given, if one exists.
     *
     * @return the folder under {@link #SYSTEM_DATA_ROOT} holding the data, or empty
     */
    public Optional<Path> localCopy() {
        if (this == SYNTHETIC) {
            return Optional.empty();
        }
        Path folder = SYSTEM_DATA_ROOT.resolve(cliName);
        return isIn(folder) ? Optional.of(folder) : Optional.empty();
    }

    /**
     * Loads the training and test sets.
     *
     * @param folder the folder holding the files, or null to use {@link #localCopy()} or else
     *     download through DJL
     * @return the data in memory
     * @throws DataException if the folder lacks the files, a file is bad, or the download fails
     */
    public TrainTestData load(Path folder) {
        if (this == SYNTHETIC) {
            if (folder != null) {
                throw new DataException(
                        "The synthetic data set is generated, not read from "
                                + folder
                                + "; drop --data or choose mnist, fashion-mnist or cifar10.");
            }
            return SyntheticData.builder().build();
        }
        if (folder != null) {
            return read(folder);
        }
        Optional<Path> local = localCopy();
        if (local.isPresent()) {
            return read(local.get());
        }
        return download();
    }

    /**
     * Says where the data comes from, for {@code ltq list} and a run's first line.
     *
     * @param folder the folder of {@code --data}, or {@code null}
     * @return the folder, the local copy found, or how to get the data
     */
    public String whereFrom(Path folder) {
        if (folder != null) {
            return folder.toString();
        }
        if (this == SYNTHETIC) {
            return "generated on the fly";
        }
        return localCopy().map(p -> "found at " + p)
                .orElse("pass --data FOLDER, or DJL downloads it (needs internet)");
    }

    /**
     * Returns the random flips and crops of {@code --augment}: CIFAR-10's only.
     *
     * @param seed the data-order seed the augmentation draws from
     * @return the augmentation, or empty for the grayscale data sets
     */
    public Optional<BatchAugmentation> augmentation(long seed) {
        // The flips and padded crops are CIFAR-10's, with its per-channel colour fill.
        return this == CIFAR10 ? Optional.of(CifarAugmentation.builder().optSeed(seed).build())
                : Optional.empty();
    }

    private boolean isIn(Path folder) {
        return this == CIFAR10 ? CifarFolder.isPresent(folder) : MnistFolder.isPresent(folder);
    }

    private TrainTestData read(Path folder) {
        if (!Files.isDirectory(folder) && Files.exists(folder)) {
            throw new DataException(
                    folder
                            + " is a file, not a folder; pass --data the folder that holds the "
                            + displayName
                            + " files.");
        }
        return this == CIFAR10 ? CifarFolder.load(folder) : MnistFolder.load(folder, displayName);
    }

    private TrainTestData download() {
        switch (this) {
            case MNIST:
                return DjlDownloads.mnist();
            case FASHION_MNIST:
                return DjlDownloads.fashionMnist();
            case CIFAR10:
                return DjlDownloads.cifar10();
            default:
                throw new IllegalStateException("Nothing to download for " + cliName);
        }
    }

    /**
     * Returns the data set with the given command-line name, ignoring case.
     *
     * @param name a name such as {@code cifar10}
     * @return the data set
     * @throws UserMistakeException naming the known data sets if there is none by that name
     */
    public static Datasets fromName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (Datasets d : values()) {
            if (d.cliName.equals(key)) {
                return d;
            }
        }
        throw new UserMistakeException(
                "Unknown data set '"
                        + name
                        + "'; choose one of "
                        + String.join(", ", names())
                        + ".");
    }

    /**
     * Returns the command-line names of all data sets.
     *
     * @return the names
     */
    public static List<String> names() {
        return Arrays.stream(values()).map(Datasets::cliName).collect(Collectors.toList());
    }
}

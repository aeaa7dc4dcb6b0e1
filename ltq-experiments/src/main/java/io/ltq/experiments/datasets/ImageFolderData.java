package io.ltq.experiments.datasets;

import ai.djl.basicdataset.cv.classification.ImageFolder;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Images in class subfolders, read with DJL basicdataset's {@link ImageFolder}: {@code --data
 * FOLDER} holds {@code train/} and {@code test/}, each with one subfolder per class (the same
 * names in both; classes are numbered in name order). Pixels become floats in [0, 1], (3, H, W)
 * for {@code image-folder} and (1, H, W) for {@code image-folder-gray}; every image must have the
 * same size.
 */
public final class ImageFolderData implements DataSource {

    /** The name of the colour variant. */
    public static final String COLOR = "image-folder";

    /** The name of the grayscale variant. */
    public static final String GRAY = "image-folder-gray";

    private final boolean gray;

    /**
     * Creates the data source.
     *
     * @param gray whether the images are read as one grayscale channel
     */
    public ImageFolderData(boolean gray) {
        this.gray = gray;
    }

    @Override
    public String name() {
        return gray ? GRAY : COLOR;
    }

    @Override
    public TrainTestData load(Path folder) {
        if (folder == null) {
            throw new DataException("--dataset " + name() + " reads images from a folder: pass"
                    + " --data FOLDER with train/ and test/ subfolders, one folder per class in"
                    + " each.");
        }
        Path train = folder.resolve("train");
        Path test = folder.resolve("test");
        for (Path p : List.of(train, test)) {
            if (!Files.isDirectory(p)) {
                throw new DataException(p + " is missing: --data " + folder + " needs train/ and"
                        + " test/ subfolders, one folder per class in each.");
            }
        }
        ImageFolder trainSet = folder(train);
        ImageFolder testSet = folder(test);
        List<String> classes = classes(trainSet, train);
        if (!classes.equals(classes(testSet, test))) {
            throw new DataException(train + " and " + test + " have different class folders ("
                    + classes + " vs " + classes(testSet, test) + "): give both the same"
                    + " classes.");
        }
        String name = folder.getFileName() + " (" + name() + ")";
        return new TrainTestData(name,
                DjlDatasets.copy(name + " training set", trainSet, classes.size()),
                DjlDatasets.copy(name + " test set", testSet, classes.size()));
    }

    private ImageFolder folder(Path root) {
        return ImageFolder.builder()
                .setRepositoryPath(root)
                .optFlag(gray ? Image.Flag.GRAYSCALE : Image.Flag.COLOR)
                .addTransform(new ToTensor())
                .setSampling(1, false)
                .build();
    }

    private static List<String> classes(ImageFolder set, Path root) {
        try {
            List<String> classes = set.getSynset();
            if (classes.size() < 2) {
                throw new DataException(root + " has " + classes.size() + " class folder(s): a"
                        + " classifier needs at least 2, one subfolder per class.");
            }
            return classes;
        } catch (IOException | TranslateException e) {
            throw new DataException(root + " cannot be read (" + e.getMessage() + "): check the"
                    + " folder.", e);
        }
    }

    @Override
    public String whereFrom(Path folder) {
        return folder != null ? folder.toString()
                : "pass --data FOLDER with train/ and test/, one subfolder per class";
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.ltq.experiments.datasets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * DJL datasets as LTQ data: a {@link RandomAccessDataset}'s records copied into memory, so that
 * LTQ's seeded streams hold out the validation set and order the batches, the same on every
 * engine. Each record's data is one example, (channels, height, width) or (height, width) for one
 * channel, after the dataset's transforms (add DJL's {@code ToTensor} to image datasets); its
 * label is the class index.
 *
 * <pre>{@code
 * DataSource mine = DjlDatasets.of("acme-parts", trainSet, testSet, 12);
 * }</pre>
 */
public final class DjlDatasets {

    private DjlDatasets() {}

    /**
     * Makes a data source of a training and a test dataset; they are read when a run loads them.
     *
     * @param name the name {@code run.json} records
     * @param train the training set, from which LTQ holds out the validation set
     * @param test the test set
     * @param numClasses the number of classes; labels lie in {@code [0, numClasses)}
     * @return the data source
     */
    public static DataSource of(String name, RandomAccessDataset train, RandomAccessDataset test,
            int numClasses) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        return new DataSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TrainTestData load(Path folder) {
                return new TrainTestData(name, copy(name + " training set", train, numClasses),
                        copy(name + " test set", test, numClasses));
            }

            @Override
            public String whereFrom(Path folder) {
                return "DJL datasets " + train.getClass().getSimpleName() + " and "
                        + test.getClass().getSimpleName();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /**
     * Copies every record of a dataset into memory.
     *
     * @param what the dataset, for messages, e.g. {@code parts training set}
     * @param dataset the dataset, prepared here
     * @param numClasses the number of classes
     * @return the images and labels
     * @throws DataException when the dataset cannot be read, its examples differ in shape or a
     *     label is out of range
     */
    public static LabeledImages copy(String what, RandomAccessDataset dataset, int numClasses) {
        try (NDManager manager = NDManager.newBaseManager()) {
            dataset.prepare((Progress) null);
            int n = Math.toIntExact(dataset.size());
            if (n == 0) {
                throw new DataException("The " + what + " is empty: give it at least one example.");
            }
            float[] pixels = null;
            int[] labels = new int[n];
            Shape shape = null;
            int i = 0;
            // One record per batch, in order: getData applies the dataset's transforms (such as
            // ToTensor), which get(manager, index) leaves out.
            for (Batch batch : dataset.getData(manager,
                    new BatchSampler(new SequenceSampler(), 1, false))) {
                try (batch) {
                    NDArray x = batch.getData().head().squeeze(0);
                    Shape s = x.getShape().dimension() == 2 ? new Shape(1).addAll(x.getShape())
                            : x.getShape();
                    if (shape == null) {
                        if (s.dimension() != 3) {
                            throw new DataException("Example 0 of the " + what + " has shape " + s
                                    + ": give (channels, height, width) images, e.g. with DJL's"
                                    + " ToTensor transform.");
                        }
                        shape = s;
                        pixels = new float[Math.multiplyExact(n, Math.toIntExact(s.size()))];
                    } else if (!s.equals(shape)) {
                        throw new DataException("Example " + i + " of the " + what + " has shape "
                                + s + ", example 0 " + shape + ": resize the images to one size.");
                    }
                    float[] values = x.toType(DataType.FLOAT32, false).toFloatArray();
                    System.arraycopy(values, 0, pixels, i * values.length, values.length);
                    labels[i] = label(batch.getLabels().head(), i, what, numClasses);
                    i++;
                }
            }
            return new LabeledImages(pixels, labels, shape, numClasses);
        } catch (IOException | TranslateException e) {
            throw new DataException("The " + what + " cannot be read (" + e.getMessage() + "):"
                    + " check its files.", e);
        }
    }

    private static int label(NDArray y, int i, String what, int numClasses) {
        float value = y.toType(DataType.FLOAT32, false).toFloatArray()[0];
        int label = Math.round(value);
        if (label < 0 || label >= numClasses || label != value) {
            throw new DataException("Example " + i + " of the " + what + " has label " + value
                    + ": labels must be class indices from 0 to " + (numClasses - 1) + ".");
        }
        return label;
    }
}

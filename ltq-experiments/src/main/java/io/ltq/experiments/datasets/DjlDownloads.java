package io.ltq.experiments.datasets;

import ai.djl.basicdataset.cv.classification.Cifar10;
import ai.djl.basicdataset.cv.classification.FashionMnist;
import ai.djl.basicdataset.cv.classification.Mnist;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.util.ProgressBar;
import ai.djl.translate.TranslateException;

import java.io.IOException;
import java.util.function.BiFunction;

/**
 * The last resort when no local copy exists: DJL's basicdataset downloads (which need the
 * internet), copied into heap arrays in the same layout and scaling as the local readers produce.
 */
final class DjlDownloads {

    private DjlDownloads() {}

    static TrainTestData mnist() {
        return fetch(
                "MNIST",
                (usage, manager) ->
                        Mnist.builder()
                                .optUsage(usage)
                                .optManager(manager)
                                .setSampling(1, false)
                                .build(),
                false);
    }

    static TrainTestData fashionMnist() {
        return fetch(
                "Fashion-MNIST",
                (usage, manager) ->
                        FashionMnist.builder()
                                .optUsage(usage)
                                .optManager(manager)
                                .setSampling(1, false)
                                .build(),
                false);
    }

    static TrainTestData cifar10() {
        return fetch(
                "CIFAR-10",
                (usage, manager) ->
                        Cifar10.builder()
                                .optUsage(usage)
                                .optManager(manager)
                                .setSampling(1, false)
                                .build(),
                true);
    }

    private static TrainTestData fetch(
            String name,
            BiFunction<Dataset.Usage, NDManager, ArrayDataset> factory,
            boolean standardize) {
        try (NDManager manager = NDManager.newBaseManager()) {
            LabeledImages train =
                    copy(factory.apply(Dataset.Usage.TRAIN, manager), manager, standardize);
            LabeledImages test =
                    copy(factory.apply(Dataset.Usage.TEST, manager), manager, standardize);
            return new TrainTestData(name, train, test);
        } catch (IOException | TranslateException | RuntimeException e) {
            if (e instanceof DataException) {
                throw (DataException) e;
            }
            throw new DataException(
                    "Could not download "
                            + name
                            + " through DJL ("
                            + e
                            + "); connect to the internet or pass --data pointing at a folder"
                            + " that holds a local copy.",
                    e);
        }
    }

    /** Copies a DJL dataset of (N, H, W, C) pixels in 0..255 into (C, H, W) floats in [0, 1]. */
    static LabeledImages copy(ArrayDataset dataset, NDManager manager, boolean standardize)
            throws IOException, TranslateException {
        dataset.prepare(new ProgressBar());
        // Closing a batch closes its manager, so it gets a sub-manager of its own.
        try (Batch all = dataset.getByRange(manager.newSubManager(), 0, dataset.size())) {
            Shape nhwc = all.getData().head().getShape();
            float[] pixels = all.getData().head().transpose(0, 3, 1, 2).div(255f).toFloatArray();
            float[] labelValues = all.getLabels().head().toFloatArray();
            int[] labels = new int[labelValues.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = Math.round(labelValues[i]);
            }
            Shape example = new Shape(nhwc.get(3), nhwc.get(1), nhwc.get(2));
            if (standardize) {
                CifarFolder.standardize(pixels, Math.toIntExact(nhwc.get(1) * nhwc.get(2)));
            }
            return new LabeledImages(pixels, labels, example, 10);
        }
    }
}

package io.ltq.experiments.datasets;

import ai.djl.ndarray.types.Shape;

import org.testng.Assert;
import org.testng.SkipException;
import org.testng.annotations.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the Fashion-MNIST copy of Debian's dataset-fashion-mnist package, where installed. */
public class FashionMnistSystemCopyTest {

    private static final Path FOLDER = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    public void readsTheInstalledCopyWithAValidationSplit() {
        if (!Files.isDirectory(FOLDER)) {
            throw new SkipException(FOLDER + " is absent (install dataset-fashion-mnist)");
        }
        Assert.assertEquals(Datasets.FASHION_MNIST.localCopy().orElseThrow(), FOLDER);
        TrainTestData data = Datasets.FASHION_MNIST.load(null);
        Assert.assertEquals(data.train().size(), 60_000);
        Assert.assertEquals(data.test().size(), 10_000);
        Assert.assertEquals(data.train().exampleShape(), new Shape(1, 28, 28));
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float p : data.train().pixels()) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        Assert.assertEquals(min, 0f);
        Assert.assertEquals(max, 1f);
        int[] perClass = new int[10];
        for (int label : data.train().labels()) {
            perClass[label]++;
        }
        for (int count : perClass) {
            Assert.assertEquals(count, 6000); // Fashion-MNIST is balanced.
        }

        DataSplits splits =
                DataSplits.builder().setData(data).setBatchSize(60).optShuffleSeed(1).build();
        Assert.assertEquals(splits.train().size(), 55_000);
        Assert.assertEquals(splits.validation().size(), 5_000);
        Assert.assertEquals(splits.test().size(), 10_000);
    }
}

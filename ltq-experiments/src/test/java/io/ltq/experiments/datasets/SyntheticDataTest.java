package io.ltq.experiments.datasets;

import ai.djl.ndarray.types.Shape;

import org.testng.Assert;
import org.testng.annotations.Test;

public class SyntheticDataTest {

    @Test
    public void sameSeedSameData() {
        TrainTestData a =
                SyntheticData.builder().optTrainSize(50).optTestSize(20).optSeed(4).build();
        TrainTestData b =
                SyntheticData.builder().optTrainSize(50).optTestSize(20).optSeed(4).build();
        TrainTestData c =
                SyntheticData.builder().optTrainSize(50).optTestSize(20).optSeed(5).build();
        Assert.assertEquals(a.train().pixels(), b.train().pixels());
        Assert.assertEquals(a.test().labels(), b.test().labels());
        Assert.assertNotEquals(a.train().pixels(), c.train().pixels());
        Assert.assertEquals(a.train().exampleShape(), new Shape(1, 28, 28));
        Assert.assertEquals(a.train().numClasses(), 10);
    }

    @Test
    public void classesAreLearnableByNearestClassMean() {
        TrainTestData data =
                SyntheticData.builder()
                        .optTrainSize(2000)
                        .optTestSize(500)
                        .optExampleShape(new Shape(1, 8, 8))
                        .optSeed(1)
                        .build();
        LabeledImages train = data.train();
        int d = train.exampleSize();
        double[][] means = new double[10][d];
        int[] counts = new int[10];
        for (int e = 0; e < train.size(); e++) {
            counts[train.label(e)]++;
            for (int i = 0; i < d; i++) {
                means[train.label(e)][i] += train.pixels()[e * d + i];
            }
        }
        for (int k = 0; k < 10; k++) {
            Assert.assertTrue(counts[k] > 100, "class " + k + " is rare");
            for (int i = 0; i < d; i++) {
                means[k][i] /= counts[k];
            }
        }
        LabeledImages test = data.test();
        int correct = 0;
        for (int e = 0; e < test.size(); e++) {
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int k = 0; k < 10; k++) {
                double dist = 0;
                for (int i = 0; i < d; i++) {
                    double diff = test.pixels()[e * d + i] - means[k][i];
                    dist += diff * diff;
                }
                if (dist < bestDistance) {
                    bestDistance = dist;
                    best = k;
                }
            }
            correct += best == test.label(e) ? 1 : 0;
        }
        Assert.assertTrue(correct > 0.9 * test.size(), "accuracy " + correct + "/" + test.size());
    }
}

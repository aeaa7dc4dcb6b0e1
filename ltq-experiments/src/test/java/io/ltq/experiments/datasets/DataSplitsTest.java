package io.ltq.experiments.datasets;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;

import io.ltq.experiments.UserMistakeException;
import org.testng.Assert;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

public class DataSplitsTest {

    private NDManager manager;
    private TrainTestData synthetic;

    @BeforeClass
    public void setUp() {
        Engine.getEngine("PyTorch");
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        synthetic =
                SyntheticData.builder()
                        .optTrainSize(1000)
                        .optTestSize(300)
                        .optExampleShape(new Shape(1, 4, 4))
                        .optSeed(1)
                        .build();
    }

    @AfterClass
    public void tearDown() {
        manager.close();
    }

    @Test
    public void validationSplitSizesAndDisjointness() {
        ValidationSplit.Indices split =
                ValidationSplit.builder().optSize(5000).optSeed(3).build().split(60_000);
        Assert.assertEquals(split.validation().length, 5000);
        Assert.assertEquals(split.train().length, 55_000);
        Set<Integer> seen = new HashSet<>();
        IntStream.of(split.train()).forEach(seen::add);
        IntStream.of(split.validation())
                .forEach(i -> Assert.assertTrue(seen.add(i), "overlap at " + i));
        Assert.assertEquals(seen.size(), 60_000);
        // Sorted, and a seeded random choice rather than the first or last 5,000.
        Assert.assertTrue(isSorted(split.validation()));
        Assert.assertTrue(split.validation()[0] < 100 && split.validation()[4999] > 59_900);
        Assert.assertEquals(
                ValidationSplit.builder()
                        .optSize(5000)
                        .optSeed(3)
                        .build()
                        .split(60_000)
                        .validation(),
                split.validation());
        Assert.assertNotEquals(
                ValidationSplit.builder()
                        .optSize(5000)
                        .optSeed(4)
                        .build()
                        .split(60_000)
                        .validation(),
                split.validation());
    }

    @Test
    public void trainLimitTakesARandomSubsetDisjointFromValidation() {
        ValidationSplit.Indices split =
                ValidationSplit.builder()
                        .optSize(100)
                        .optTrainLimit(300)
                        .optSeed(1)
                        .build()
                        .split(1000);
        Assert.assertEquals(split.train().length, 300);
        Set<Integer> validation = new HashSet<>();
        IntStream.of(split.validation()).forEach(validation::add);
        IntStream.of(split.train()).forEach(i -> Assert.assertFalse(validation.contains(i)));
        Assert.assertTrue(split.train()[299] > 700, "should not be the first 300");
        Assert.assertThrows(
                UserMistakeException.class,
                () -> ValidationSplit.builder().optSize(1000).build().split(1000));
    }

    @Test
    public void splitsServeBatchesOfTheRightShape() {
        DataSplits splits =
                DataSplits.builder()
                        .setData(synthetic)
                        .setBatchSize(64)
                        .optEvalBatchSize(100)
                        .optValidationSize(200)
                        .optShuffleSeed(7)
                        .build();
        Assert.assertEquals(splits.train().size(), 800);
        Assert.assertEquals(splits.validation().size(), 200);
        Assert.assertEquals(splits.test().size(), 300);
        Assert.assertEquals(splits.exampleShape(), new Shape(1, 4, 4));
        Assert.assertEquals(splits.numClasses(), 10);

        int batches = 0;
        int seen = 0;
        for (Batch batch : splits.train().getData(manager)) {
            try (batch) {
                int n = batch.getSize();
                Assert.assertEquals(batch.getData().head().getShape(), new Shape(n, 1, 4, 4));
                Assert.assertEquals(batch.getLabels().head().getShape(), new Shape(n));
                seen += n;
                batches++;
            }
        }
        Assert.assertEquals(batches, 13);
        Assert.assertEquals(seen, 800);

        // Evaluation sets come in order: the test set's first batch is examples 0..99.
        Batch first = splits.test().getData(manager).iterator().next();
        try (first) {
            float[] labels = first.getLabels().head().toFloatArray();
            for (int i = 0; i < 100; i++) {
                Assert.assertEquals((int) labels[i], synthetic.test().label(i));
            }
            float[] pixels = first.getData().head().toFloatArray();
            Assert.assertEquals(pixels[16 * 5 + 3], synthetic.test().pixels()[16 * 5 + 3]);
        }
    }

    @Test
    public void batchesMatchTheSamplerOrderAndResumeReproducesThem() {
        DataSplits splits =
                DataSplits.builder()
                        .setData(synthetic)
                        .setBatchSize(50)
                        .optValidationSize(100)
                        .optShuffleSeed(11)
                        .build();
        List<float[]> epoch0 = labelsOfEpoch(splits.train());
        List<float[]> epoch1 = labelsOfEpoch(splits.train());
        Assert.assertNotEquals(epoch0.get(0), epoch1.get(0));

        int[] order = splits.trainSampler().permutation(900, 1);
        int[] trainIndices = splits.train().getIndices();
        for (int i = 0; i < 50; i++) {
            Assert.assertEquals(
                    (int) epoch1.get(0)[i], synthetic.train().label(trainIndices[order[i]]));
        }

        DataSplits resumed =
                DataSplits.builder()
                        .setData(synthetic)
                        .setBatchSize(50)
                        .optValidationSize(100)
                        .optShuffleSeed(11)
                        .optStartEpoch(1)
                        .build();
        assertSameBatches(labelsOfEpoch(resumed.train()), epoch1);
        splits.setEpoch(0);
        assertSameBatches(labelsOfEpoch(splits.train()), epoch0);
    }

    @Test
    public void testLimitAndTrainLimit() {
        DataSplits splits =
                DataSplits.builder()
                        .setData(synthetic)
                        .setBatchSize(10)
                        .optValidationSize(100)
                        .optTrainLimit(250)
                        .optTestLimit(120)
                        .build();
        Assert.assertEquals(splits.train().size(), 250);
        Assert.assertEquals(splits.validation().size(), 100);
        Assert.assertEquals(splits.test().size(), 120);
        Assert.assertTrue(isSorted(splits.test().getIndices()));
    }

    @Test
    public void recordsAndSubsets() {
        DataSplits splits =
                DataSplits.builder()
                        .setData(synthetic)
                        .setBatchSize(10)
                        .optValidationSize(0)
                        .build();
        InMemoryDataset train = splits.train();
        Assert.assertEquals(train.size(), 1000);
        Record record = train.get(manager, 17);
        Assert.assertEquals(record.getData().head().getShape(), new Shape(1, 4, 4));
        Assert.assertEquals(
                (int) record.getLabels().head().getFloat(), synthetic.train().label(17));
        InMemoryDataset sub = train.subset(new int[] {17, 3});
        Assert.assertEquals(sub.getIndices(), new int[] {17, 3});
        Assert.assertEquals(sub.label(0), synthetic.train().label(17));
        Assert.assertEquals(train.subDataset(5, 9).size(), 4);
    }

    @Test
    public void validationMustLeaveTrainingExamples() {
        UserMistakeException e =
                Assert.expectThrows(
                        UserMistakeException.class,
                        () -> DataSplits.builder().setData(synthetic).setBatchSize(10).build());
        Assert.assertTrue(e.getMessage().contains("5000"), e.getMessage());
    }

    @Test
    public void augmentationFlipsAndShiftsReproducibly() {
        int h = 6;
        int w = 5;
        float[] image = new float[2 * h * w];
        for (int i = 0; i < image.length; i++) {
            image[i] = i + 1;
        }
        // Flip only: every image is itself or its mirror, and both occur.
        BatchAugmentation flip =
                CifarAugmentation.builder().optPadding(0).optFill(0f).optSeed(2).build();
        int mirrored = 0;
        for (int batch = 0; batch < 20; batch++) {
            float[] copy = image.clone();
            flip.apply(copy, 1, new Shape(2, h, w), 0, batch);
            boolean same = Arrays.equals(Arrays.copyOf(copy, 2 * h * w), image);
            if (!same) {
                for (int c = 0; c < 2; c++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            Assert.assertEquals(
                                    copy[c * h * w + y * w + x],
                                    image[c * h * w + y * w + (w - 1 - x)]);
                        }
                    }
                }
                mirrored++;
            }
        }
        Assert.assertTrue(mirrored > 3 && mirrored < 17, "mirrored " + mirrored);

        // Crop only: a shifted copy, filled with the pad value where it leaves the image.
        BatchAugmentation crop =
                CifarAugmentation.builder()
                        .optFlip(false)
                        .optPadding(2)
                        .optFill(-9f)
                        .optSeed(3)
                        .build();
        for (int batch = 0; batch < 20; batch++) {
            float[] a = image.clone();
            float[] b = image.clone();
            crop.apply(a, 1, new Shape(2, h, w), 4, batch);
            crop.apply(b, 1, new Shape(2, h, w), 4, batch);
            Assert.assertEquals(a, b, "same (seed, epoch, batch) must give the same crop");
            for (float v : a) {
                Assert.assertTrue(v == -9f || (v >= 1 && v <= image.length));
            }
        }
    }

    @Test
    public void augmentationRunsInsideTheDataset() {
        TrainTestData cifarLike =
                SyntheticData.builder()
                        .optTrainSize(40)
                        .optTestSize(10)
                        .optExampleShape(new Shape(3, 32, 32))
                        .build();
        DataSplits plain =
                DataSplits.builder()
                        .setData(cifarLike)
                        .setBatchSize(40)
                        .optValidationSize(0)
                        .build();
        DataSplits augmented =
                DataSplits.builder()
                        .setData(cifarLike)
                        .setBatchSize(40)
                        .optValidationSize(0)
                        .optAugmentation(CifarAugmentation.builder().optSeed(1).build())
                        .build();
        try (Batch a = plain.train().getData(manager).iterator().next();
                Batch b = augmented.train().getData(manager).iterator().next()) {
            Assert.assertEquals(
                    a.getLabels().head().toFloatArray(), b.getLabels().head().toFloatArray());
            Assert.assertNotEquals(
                    a.getData().head().toFloatArray(), b.getData().head().toFloatArray());
            // The test set is never augmented.
            Assert.assertNull(augmented.test().getAugmentation());
        }
    }

    private List<float[]> labelsOfEpoch(InMemoryDataset data) {
        List<float[]> labels = new ArrayList<>();
        for (Batch batch : data.getData(manager)) {
            try (batch) {
                labels.add(batch.getLabels().head().toFloatArray());
            }
        }
        return labels;
    }

    private static void assertSameBatches(List<float[]> a, List<float[]> b) {
        Assert.assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            Assert.assertEquals(a.get(i), b.get(i));
        }
    }

    private static boolean isSorted(int[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i - 1] > values[i]) {
                return false;
            }
        }
        return true;
    }
}

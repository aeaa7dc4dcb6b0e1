package io.ltq.experiments.datasets;

import ai.djl.ndarray.types.Shape;

import org.testng.Assert;
import org.testng.annotations.Test;

import java.nio.file.Path;
import java.util.Arrays;

public class IdxReaderTest {

    @Test
    public void readsPlainAndGzippedFolders() {
        for (boolean gz : new boolean[] {false, true}) {
            Path dir = TestFiles.mnistFolder(TestFiles.tempDir(), gz);
            TrainTestData data = MnistFolder.load(dir, "MNIST");
            Assert.assertEquals(data.name(), "MNIST");
            LabeledImages train = data.train();
            Assert.assertEquals(train.size(), 6);
            Assert.assertEquals(train.exampleShape(), new Shape(1, 28, 28));
            Assert.assertEquals(train.labels(), new int[] {0, 1, 2, 3, 9, 5});
            Assert.assertEquals(data.test().labels(), new int[] {7, 8, 9, 0});
            // Example 4, row 3, column 5.
            float expected = TestFiles.pixel(4, 3, 5) / 255f;
            Assert.assertEquals(train.pixels()[4 * 784 + 3 * 28 + 5], expected, 1e-7f);
            for (float p : train.pixels()) {
                Assert.assertTrue(p >= 0f && p <= 1f);
            }
        }
    }

    @Test
    public void detectsGzipByContentNotName() {
        Path dir = TestFiles.tempDir();
        Path images =
                TestFiles.write(
                        dir.resolve("imgs"), TestFiles.gzip(TestFiles.idxImages(0x803, 2, 3, 4)));
        Path labels = TestFiles.write(dir.resolve("labels.gz"), TestFiles.idxLabels(0x801, 1, 2));
        LabeledImages read = IdxReader.read(images, labels, 10);
        Assert.assertEquals(read.exampleShape(), new Shape(1, 3, 4));
        Assert.assertEquals(read.pixels()[12 + 2 * 4 + 1], TestFiles.pixel(1, 2, 1) / 255f, 1e-7f);
    }

    @Test
    public void acceptsDottedFileNames() {
        Path dir = TestFiles.tempDir();
        TestFiles.write(
                dir.resolve("train-images.idx3-ubyte"), TestFiles.idxImages(0x803, 1, 28, 28));
        TestFiles.write(dir.resolve("train-labels.idx1-ubyte"), TestFiles.idxLabels(0x801, 3));
        TestFiles.write(
                dir.resolve("t10k-images.idx3-ubyte"), TestFiles.idxImages(0x803, 1, 28, 28));
        TestFiles.write(dir.resolve("t10k-labels.idx1-ubyte"), TestFiles.idxLabels(0x801, 4));
        Assert.assertTrue(MnistFolder.isPresent(dir));
        Assert.assertEquals(MnistFolder.load(dir, "MNIST").test().label(0), 4);
    }

    @Test
    public void missingFolderNamesTheFolderAndTheFix() {
        Path dir = TestFiles.tempDir().resolve("nowhere");
        DataException e =
                Assert.expectThrows(DataException.class, () -> MnistFolder.load(dir, "MNIST"));
        Assert.assertEquals(
                e.getMessage(),
                "No MNIST data in "
                        + dir
                        + " (the folder does not exist): expected train-images-idx3-ubyte(.gz), "
                        + "train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz) and "
                        + "t10k-labels-idx1-ubyte(.gz) there; download them or pass --data "
                        + "pointing at the folder that holds them.");
    }

    @Test
    public void missingFileIsListed() {
        Path dir = TestFiles.mnistFolder(TestFiles.tempDir(), true);
        dir.resolve("t10k-labels-idx1-ubyte.gz").toFile().delete();
        DataException e =
                Assert.expectThrows(
                        DataException.class, () -> MnistFolder.load(dir, "Fashion-MNIST"));
        Assert.assertTrue(
                e.getMessage()
                        .startsWith(
                                "No Fashion-MNIST data in "
                                        + dir
                                        + " (missing t10k-labels-idx1-ubyte(.gz))"),
                e.getMessage());
    }

    @Test
    public void wrongMagicNamesTheFile() {
        Path dir = TestFiles.mnistFolder(TestFiles.tempDir(), true);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        // A label file where the images belong.
        TestFiles.write(images, TestFiles.gzip(TestFiles.idxLabels(0x801, 1, 2)));
        DataException e =
                Assert.expectThrows(DataException.class, () -> MnistFolder.load(dir, "MNIST"));
        Assert.assertEquals(
                e.getMessage(),
                "File "
                        + images
                        + " is not an IDX image file (magic 0x00000801 instead of 0x00000803);"
                        + " re-download it.");
    }

    @Test
    public void truncatedImagesNameFileAndLengths() {
        Path dir = TestFiles.tempDir();
        byte[] full = TestFiles.idxImages(0x803, 2, 28, 28);
        Path images = TestFiles.write(dir.resolve("img"), Arrays.copyOf(full, full.length - 10));
        Path labels = TestFiles.write(dir.resolve("lbl"), TestFiles.idxLabels(0x801, 1, 2));
        DataException e =
                Assert.expectThrows(DataException.class, () -> IdxReader.read(images, labels, 10));
        Assert.assertTrue(
                e.getMessage().contains("File " + images + " is truncated"), e.getMessage());
        Assert.assertTrue(
                e.getMessage().contains("take 1584 bytes, but it holds 1574"), e.getMessage());
    }

    @Test
    public void truncatedGzipNamesTheFile() {
        Path dir = TestFiles.tempDir();
        byte[] gz = TestFiles.gzip(TestFiles.idxImages(0x803, 50, 28, 28));
        Path images = TestFiles.write(dir.resolve("img.gz"), Arrays.copyOf(gz, gz.length / 2));
        Path labels = TestFiles.write(dir.resolve("lbl"), TestFiles.idxLabels(0x801, new int[50]));
        DataException e =
                Assert.expectThrows(DataException.class, () -> IdxReader.read(images, labels, 10));
        Assert.assertTrue(
                e.getMessage()
                        .startsWith("File " + images + " is a damaged or truncated gzip file"),
                e.getMessage());
    }

    @Test
    public void truncatedHeaderNamesTheFile() {
        Path dir = TestFiles.tempDir();
        Path images =
                TestFiles.write(
                        dir.resolve("img"), Arrays.copyOf(TestFiles.idxImages(0x803, 1, 2, 2), 10));
        Path labels = TestFiles.write(dir.resolve("lbl"), TestFiles.idxLabels(0x801, 1));
        DataException e =
                Assert.expectThrows(DataException.class, () -> IdxReader.read(images, labels, 10));
        Assert.assertTrue(
                e.getMessage().startsWith("File " + images + " is truncated"), e.getMessage());
    }

    @Test
    public void labelOutOfRangeNamesTheFile() {
        Path dir = TestFiles.tempDir();
        Path images = TestFiles.write(dir.resolve("img"), TestFiles.idxImages(0x803, 3, 2, 2));
        Path labels = TestFiles.write(dir.resolve("lbl"), TestFiles.idxLabels(0x801, 1, 10, 2));
        DataException e =
                Assert.expectThrows(DataException.class, () -> IdxReader.read(images, labels, 10));
        Assert.assertEquals(
                e.getMessage(),
                "File " + labels + " has label 10 at index 1, outside 0..9; re-download it.");
    }

    @Test
    public void countMismatchNamesBothFiles() {
        Path dir = TestFiles.tempDir();
        Path images = TestFiles.write(dir.resolve("img"), TestFiles.idxImages(0x803, 3, 2, 2));
        Path labels = TestFiles.write(dir.resolve("lbl"), TestFiles.idxLabels(0x801, 1, 2));
        DataException e =
                Assert.expectThrows(DataException.class, () -> IdxReader.read(images, labels, 10));
        Assert.assertTrue(e.getMessage().contains(images.toString()), e.getMessage());
        Assert.assertTrue(e.getMessage().contains(labels.toString()), e.getMessage());
        Assert.assertTrue(e.getMessage().contains("3 images but 2 labels"), e.getMessage());
    }

    @Test
    public void trailingBytesAreAnError() {
        Path dir = TestFiles.tempDir();
        byte[] full = TestFiles.idxImages(0x803, 1, 2, 2);
        Path images = TestFiles.write(dir.resolve("img"), Arrays.copyOf(full, full.length + 3));
        Path labels = TestFiles.write(dir.resolve("lbl"), TestFiles.idxLabels(0x801, 1));
        DataException e =
                Assert.expectThrows(DataException.class, () -> IdxReader.read(images, labels, 10));
        Assert.assertTrue(
                e.getMessage().contains("File " + images + " is longer than its header says"),
                e.getMessage());
    }
}

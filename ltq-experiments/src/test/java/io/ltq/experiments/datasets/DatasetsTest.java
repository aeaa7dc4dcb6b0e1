package io.ltq.experiments.datasets;

import ai.djl.ndarray.types.Shape;

import io.ltq.experiments.UserMistakeException;
import org.testng.Assert;
import org.testng.annotations.Test;

import java.nio.file.Path;

public class DatasetsTest {

    @Test
    public void namesRoundTrip() {
        for (Datasets d : Datasets.values()) {
            Assert.assertSame(Datasets.fromName(" " + d.cliName().toUpperCase() + " "), d);
            Assert.assertEquals(d.numClasses(), 10);
        }
        Assert.assertEquals(Datasets.CIFAR10.exampleShape(), new Shape(3, 32, 32));
        Assert.assertEquals(Datasets.FASHION_MNIST.cliName(), "fashion-mnist");
        UserMistakeException e =
                Assert.expectThrows(
                        UserMistakeException.class, () -> Datasets.fromName("svhn"));
        Assert.assertEquals(
                e.getMessage(),
                "Unknown data set 'svhn'; choose one of mnist, fashion-mnist, cifar10, synthetic.");
    }

    @Test
    public void loadsAGivenFolder() {
        Path dir = TestFiles.mnistFolder(TestFiles.tempDir(), true);
        TrainTestData data = Datasets.FASHION_MNIST.load(dir);
        Assert.assertEquals(data.name(), "Fashion-MNIST");
        Assert.assertEquals(data.train().size(), 6);
    }

    @Test
    public void aGivenFolderWithoutDataIsAnErrorNotADownload() {
        Path dir = TestFiles.tempDir();
        DataException e = Assert.expectThrows(DataException.class, () -> Datasets.MNIST.load(dir));
        Assert.assertTrue(e.getMessage().startsWith("No MNIST data in " + dir), e.getMessage());
        e = Assert.expectThrows(DataException.class, () -> Datasets.CIFAR10.load(dir));
        Assert.assertTrue(e.getMessage().startsWith("No CIFAR-10 data in " + dir), e.getMessage());
    }

    @Test
    public void aFileInsteadOfAFolderIsAnError() {
        Path file = TestFiles.write(TestFiles.tempDir().resolve("x.bin"), new byte[3]);
        DataException e = Assert.expectThrows(DataException.class, () -> Datasets.MNIST.load(file));
        Assert.assertTrue(
                e.getMessage().startsWith(file + " is a file, not a folder"), e.getMessage());
    }

    @Test
    public void syntheticIsGenerated() {
        TrainTestData data = Datasets.SYNTHETIC.load(null);
        Assert.assertEquals(data.train().size(), 10_000);
        Assert.assertEquals(data.test().size(), 2_000);
        Assert.assertThrows(
                DataException.class, () -> Datasets.SYNTHETIC.load(TestFiles.tempDir()));
    }
}

package io.ltq.experiments.datasets;

import ai.djl.ndarray.types.Shape;

import org.testng.Assert;
import org.testng.annotations.Test;

import java.nio.file.Path;
import java.util.Arrays;

public class CifarFolderTest {

    /** Five training batches of two records and a test batch of three, in the subfolder. */
    private static Path cifarFolder() {
        Path root = TestFiles.tempDir();
        Path dir = root.resolve(CifarFolder.SUBFOLDER);
        for (int b = 1; b <= 5; b++) {
            TestFiles.write(
                    dir.resolve("data_batch_" + b + ".bin"), TestFiles.cifarRecords(b, 9 - b));
        }
        TestFiles.write(dir.resolve("test_batch.bin"), TestFiles.cifarRecords(0, 4, 9));
        return root;
    }

    @Test
    public void readsBatchesFromTheSubfolderAndNormalizes() {
        Path root = cifarFolder();
        Assert.assertTrue(CifarFolder.isPresent(root));
        TrainTestData data = CifarFolder.load(root);
        LabeledImages train = data.train();
        Assert.assertEquals(train.size(), 10);
        Assert.assertEquals(train.exampleShape(), new Shape(3, 32, 32));
        Assert.assertEquals(train.labels(), new int[] {1, 8, 2, 7, 3, 6, 4, 5, 5, 4});
        Assert.assertEquals(data.test().labels(), new int[] {0, 4, 9});
        // Record 1 of batch 3 is training example 5; check a pixel of each channel plane.
        for (int ch = 0; ch < 3; ch++) {
            int i = 32 * 10 + 17;
            float raw = TestFiles.cifarPixel(1, ch, i) / 255f;
            float expected = (raw - CifarFolder.MEAN[ch]) / CifarFolder.STD[ch];
            Assert.assertEquals(train.pixels()[5 * 3072 + ch * 1024 + i], expected, 1e-5f);
        }
    }

    @Test
    public void readsBatchesFromTheFolderItself() {
        Path dir = cifarFolder().resolve(CifarFolder.SUBFOLDER);
        Assert.assertEquals(CifarFolder.load(dir).test().size(), 3);
    }

    @Test
    public void missingBatchNamesFolderAndFix() {
        Path root = cifarFolder();
        root.resolve(CifarFolder.SUBFOLDER).resolve("data_batch_4.bin").toFile().delete();
        DataException e = Assert.expectThrows(DataException.class, () -> CifarFolder.load(root));
        Assert.assertTrue(e.getMessage().startsWith("No CIFAR-10 data in " + root), e.getMessage());
        Assert.assertTrue(e.getMessage().contains("--data"), e.getMessage());
    }

    @Test
    public void truncatedBatchNamesFileAndLengths() {
        Path root = cifarFolder();
        Path batch = root.resolve(CifarFolder.SUBFOLDER).resolve("test_batch.bin");
        TestFiles.write(batch, Arrays.copyOf(TestFiles.cifarRecords(1, 2, 3), 3 * 3073 - 1));
        DataException e = Assert.expectThrows(DataException.class, () -> CifarFolder.load(root));
        Assert.assertTrue(
                e.getMessage().startsWith("File " + batch + " is truncated"), e.getMessage());
        Assert.assertTrue(
                e.getMessage().contains("(9219 for 3 records), found 9218 bytes"), e.getMessage());
    }

    @Test
    public void labelOutOfRangeNamesTheFile() {
        Path root = cifarFolder();
        Path batch = root.resolve(CifarFolder.SUBFOLDER).resolve("data_batch_2.bin");
        TestFiles.write(batch, TestFiles.cifarRecords(3, 10));
        DataException e = Assert.expectThrows(DataException.class, () -> CifarFolder.load(root));
        Assert.assertEquals(
                e.getMessage(),
                "File " + batch + " has label 10 in record 1, outside 0..9; re-download it.");
    }

    @Test
    public void normalizedBlackIsMinusMeanOverStd() {
        float[] black = CifarFolder.normalizedBlack();
        for (int c = 0; c < 3; c++) {
            Assert.assertEquals(black[c], -CifarFolder.MEAN[c] / CifarFolder.STD[c], 1e-6f);
        }
    }
}

package io.ltq.experiments.datasets;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;

import org.testng.Assert;
import org.testng.annotations.Test;

/**
 * The download fallback needs the internet, so only its conversion is tested: DJL's datasets hold
 * (N, H, W, C) pixels in 0..255, which must become (C, H, W) floats like the local readers'.
 */
public class DjlDownloadsTest {

    @Test
    public void convertsDjlLayoutToChannelMajorUnitRange() throws Exception {
        Engine.getEngine("PyTorch");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            int n = 2;
            int h = 3;
            int w = 4;
            int c = 3;
            float[] nhwc = new float[n * h * w * c];
            for (int i = 0; i < nhwc.length; i++) {
                nhwc[i] = i % 256;
            }
            ArrayDataset djl =
                    new ArrayDataset.Builder()
                            .setData(manager.create(nhwc, new Shape(n, h, w, c)))
                            .optLabels(manager.create(new float[] {3, 7}))
                            .setSampling(1, false)
                            .build();
            LabeledImages images = DjlDownloads.copy(djl, manager, false);
            Assert.assertEquals(images.exampleShape(), new Shape(c, h, w));
            Assert.assertEquals(images.labels(), new int[] {3, 7});
            // Example 1, channel 2, row 1, column 3.
            float raw = nhwc[((1 * h + 1) * w + 3) * c + 2];
            Assert.assertEquals(
                    images.pixels()[1 * c * h * w + 2 * h * w + 1 * w + 3], raw / 255f, 1e-6f);

            // The manager survives the first copy, as the training and test sets share it.
            LabeledImages standardized = DjlDownloads.copy(djl, manager, true);
            float expected = (raw / 255f - CifarFolder.MEAN[2]) / CifarFolder.STD[2];
            Assert.assertEquals(
                    standardized.pixels()[1 * c * h * w + 2 * h * w + 1 * w + 3], expected, 1e-5f);
        }
    }
}

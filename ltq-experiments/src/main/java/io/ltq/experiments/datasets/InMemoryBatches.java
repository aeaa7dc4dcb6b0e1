package io.ltq.experiments.datasets;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Pipeline;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** One pass over an {@link InMemoryDataset}: builds each batch's NDArrays from heap arrays. */
final class InMemoryBatches implements Iterable<Batch>, Iterator<Batch> {

    private final InMemoryDataset dataset;
    private final NDManager manager;
    private final Iterator<List<Long>> order;
    private final long epoch;
    private final Pipeline pipeline;
    private final Device device;
    private long batchIndex;
    private long progress;

    InMemoryBatches(
            InMemoryDataset dataset,
            NDManager manager,
            Iterator<List<Long>> order,
            long epoch,
            Pipeline pipeline,
            Device device) {
        this.dataset = dataset;
        this.manager = manager;
        this.order = order;
        this.epoch = epoch;
        this.pipeline = pipeline;
        this.device = device;
    }

    @Override
    public Iterator<Batch> iterator() {
        return this;
    }

    @Override
    public boolean hasNext() {
        return order.hasNext();
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<Long> positions = order.next();
        LabeledImages images = dataset.getImages();
        int count = positions.size();
        float[] pixels = new float[count * images.exampleSize()];
        float[] labels = dataset.gather(positions, pixels);
        BatchAugmentation augmentation = dataset.getAugmentation();
        if (augmentation != null) {
            augmentation.apply(pixels, count, images.exampleShape(), epoch, batchIndex);
        }
        batchIndex++;
        progress += count;

        // The batch owns its arrays through its own sub-manager; closing the batch frees them.
        NDManager batchManager = manager.newSubManager();
        Shape shape = new Shape(count).addAll(images.exampleShape());
        NDList data = new NDList(batchManager.create(pixels, shape));
        NDList label = new NDList(batchManager.create(labels));
        if (pipeline != null) {
            data = pipeline.transform(data);
        }
        if (device != null) {
            data = data.toDevice(device, false);
            label = label.toDevice(device, false);
        }
        return new Batch(
                batchManager,
                data,
                label,
                count,
                Batchifier.STACK,
                Batchifier.STACK,
                progress,
                dataset.size(),
                positions);
    }
}

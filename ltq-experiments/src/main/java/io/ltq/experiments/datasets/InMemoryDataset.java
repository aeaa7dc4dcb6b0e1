package io.ltq.experiments.datasets;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.util.Progress;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * A DJL dataset over {@link LabeledImages} on the Java heap, creating NDArrays one batch at a time:
 * data of shape (batch, channels, height, width) and float labels of shape (batch), as DJL's own
 * MNIST and CIFAR-10 datasets produce.
 *
 * <p>A dataset is a view: it holds the shared images and the indices of the examples it shows, so
 * splits and subsets copy no pixels. Batches are assembled directly from the heap arrays (no
 * per-example NDArrays); an optional {@link BatchAugmentation} alters them first. Each call to
 * {@link #getData(NDManager, Sampler, ExecutorService)} is one pass over the data, numbered for the
 * augmentation from the start epoch on; {@link #setEpoch(long)} renumbers both this count and a
 * {@link SeededShuffleSampler}'s, to resume a run.
 *
 * <pre>
 * InMemoryDataset train = InMemoryDataset.builder()
 *         .setImages(images)
 *         .setSampling(SeededShuffleSampler.builder().setBatchSize(60).optSeed(1).build())
 *         .build();
 * </pre>
 */
public class InMemoryDataset extends RandomAccessDataset {

    private final LabeledImages images;
    private final int[] indices;
    private final BatchAugmentation augmentation;
    private final AtomicLong epoch;

    /**
     * Creates a dataset from a builder.
     *
     * @param builder the configuration
     */
    protected InMemoryDataset(Builder builder) {
        super(builder);
        this.images = builder.images;
        this.indices = builder.indices;
        this.augmentation = builder.augmentation;
        this.epoch = new AtomicLong(builder.startEpoch);
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the images this dataset is a view of.
     *
     * @return the shared images
     */
    public LabeledImages getImages() {
        return images;
    }

    /**
     * Returns the indices, into {@link #getImages()}, of the examples this dataset shows.
     *
     * @return a copy of the indices, in dataset order
     */
    public int[] getIndices() {
        return indices.clone();
    }

    /**
     * Returns the sampler used by {@link #getData(NDManager)}.
     *
     * @return the sampler
     */
    public Sampler getSampler() {
        return sampler;
    }

    /**
     * Returns the augmentation applied to each batch, if any.
     *
     * @return the augmentation, or null
     */
    public BatchAugmentation getAugmentation() {
        return augmentation;
    }

    /**
     * Sets the number of the next pass over the data, for the augmentation and, if it is one, the
     * {@link SeededShuffleSampler}; a run resumed after {@code k} epochs calls {@code setEpoch(k)}.
     *
     * @param nextEpoch the next epoch, counted from 0
     */
    public void setEpoch(long nextEpoch) {
        if (nextEpoch < 0) {
            throw new IllegalArgumentException("Epoch must be >= 0, got " + nextEpoch);
        }
        epoch.set(nextEpoch);
        if (sampler instanceof SeededShuffleSampler) {
            ((SeededShuffleSampler) sampler).setEpoch(nextEpoch);
        }
    }

    /**
     * Returns the label of an example without creating NDArrays.
     *
     * @param index the position in this dataset
     * @return the class
     */
    public int label(long index) {
        return images.label(indices[Math.toIntExact(index)]);
    }

    /** {@inheritDoc} */
    @Override
    public Record get(NDManager manager, long index) {
        float[] data = new float[images.exampleSize()];
        images.copyExample(indices[Math.toIntExact(index)], data, 0);
        return new Record(
                new NDList(manager.create(data, images.exampleShape())),
                new NDList(manager.create((float) label(index))));
    }

    /** {@inheritDoc} */
    @Override
    public Iterable<Batch> getData(NDManager manager) {
        return getData(manager, sampler, null);
    }

    /** {@inheritDoc} */
    @Override
    public Iterable<Batch> getData(NDManager manager, ExecutorService executor) {
        return getData(manager, sampler, executor);
    }

    /** {@inheritDoc} */
    @Override
    public Iterable<Batch> getData(NDManager manager, Sampler sampler) {
        return getData(manager, sampler, null);
    }

    /** {@inheritDoc} */
    @Override
    public Iterable<Batch> getData(NDManager manager, Sampler sampler, ExecutorService executor) {
        // Assembling a batch from heap arrays is cheap, so the executor is not needed.
        return new InMemoryBatches(
                this, manager, sampler.sample(this), epoch.getAndIncrement(), pipeline, device);
    }

    /** Fills {@code dest} with the examples at the given positions and returns their labels. */
    float[] gather(List<Long> positions, float[] dest) {
        int size = images.exampleSize();
        float[] labels = new float[positions.size()];
        for (int i = 0; i < labels.length; i++) {
            int example = indices[Math.toIntExact(positions.get(i))];
            images.copyExample(example, dest, i * size);
            labels[i] = images.label(example);
        }
        return labels;
    }

    /** {@inheritDoc} */
    @Override
    protected long availableSize() {
        return indices.length;
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Progress progress) {
        // Everything is in memory already.
    }

    /**
     * Returns a view of some of this dataset's examples, with the same sampler and augmentation.
     *
     * @param positions positions in this dataset
     * @return the view
     */
    public InMemoryDataset subset(int[] positions) {
        int[] selected = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            selected[i] = indices[positions[i]];
        }
        return builder()
                .setImages(images)
                .optIndices(selected)
                .setSampling(sampler)
                .optAugmentation(augmentation)
                .build();
    }

    /** {@inheritDoc} */
    @Override
    protected RandomAccessDataset newSubDataset(int[] order, int from, int to) {
        return subset(Arrays.copyOfRange(order, from, to));
    }

    /** {@inheritDoc} */
    @Override
    protected RandomAccessDataset newSubDataset(List<Long> subIndices) {
        return subset(subIndices.stream().mapToInt(Math::toIntExact).toArray());
    }

    /**
     * Configures an {@link InMemoryDataset}; {@code setImages} and {@code setSampling} are
     * required.
     */
    public static final class Builder extends BaseBuilder<Builder> {

        private LabeledImages images;
        private int[] indices;
        private BatchAugmentation augmentation;
        private long startEpoch;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the images to serve.
         *
         * @param images the images
         * @return this builder
         */
        public Builder setImages(LabeledImages images) {
            this.images = images;
            return this;
        }

        /**
         * Restricts the dataset to some of the images, in the given order (default: all).
         *
         * @param indices indices into the images
         * @return this builder
         */
        public Builder optIndices(int[] indices) {
            this.indices = indices.clone();
            return this;
        }

        /**
         * Sets an augmentation applied to every batch (default none).
         *
         * @param augmentation the augmentation, or null for none
         * @return this builder
         */
        public Builder optAugmentation(BatchAugmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /**
         * Sets the number of the first pass over the data, for the augmentation (default 0).
         *
         * @param startEpoch the first epoch, counted from 0
         * @return this builder
         */
        public Builder optStartEpoch(long startEpoch) {
            this.startEpoch = startEpoch;
            return this;
        }

        /**
         * Builds the dataset.
         *
         * @return the dataset
         */
        public InMemoryDataset build() {
            if (images == null) {
                throw new IllegalStateException("Call setImages(...) before build().");
            }
            if (indices == null) {
                indices = IntStream.range(0, images.size()).toArray();
            }
            for (int index : indices) {
                if (index < 0 || index >= images.size()) {
                    throw new IllegalArgumentException(
                            "Index " + index + " is outside the " + images.size() + " images");
                }
            }
            return new InMemoryDataset(this);
        }
    }
}

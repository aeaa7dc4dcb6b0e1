package io.ltq.experiments.datasets;

import io.ltq.random.Seeds;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves mini-batches of indices in a fresh, reproducible random order each epoch.
 *
 * <p>DJL's {@code RandomSampler} swaps index {@code i} with one drawn from {@code [0, i)}
 * (Sattolo's algorithm), which only yields cyclic permutations (no index ever stays in place), and
 * it draws from one process-wide generator, so the order depends on everything else that used it.
 * This sampler instead runs a Fisher–Yates shuffle, swapping {@code i} with {@code j} uniform in
 * {@code [0, i]}, on a generator of its own seeded from {@code (seed, epoch)}: every permutation is
 * equally likely, and epoch {@code e} of seed {@code s} always has the same order.
 *
 * <p>Each call to {@link #sample} (DJL makes one per pass over the data, i.e. per epoch) uses the
 * current epoch and then advances it. A resumed run calls {@link #setEpoch} (or builds with {@link
 * Builder#optStartEpoch}) with the number of epochs already done to continue the same sequence.
 *
 * <pre>
 * Sampler sampler = SeededShuffleSampler.builder().setBatchSize(60).optSeed(42).build();
 * </pre>
 */
public final class SeededShuffleSampler implements Sampler {

    private final int batchSize;
    private final long seed;
    private final boolean dropLast;
    private final AtomicLong epoch;

    private SeededShuffleSampler(Builder builder) {
        this.batchSize = builder.batchSize;
        this.seed = builder.seed;
        this.dropLast = builder.dropLast;
        this.epoch = new AtomicLong(builder.startEpoch);
    }

    /**
     * Returns a builder; the batch size must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the batches of the current epoch and advances the epoch.
     *
     * @param dataset the dataset to sample from
     * @return an iterator over lists of indices, each list one batch
     */
    @Override
    public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
        int size = Math.toIntExact(dataset.size());
        return new Batches(permutation(size, epoch.getAndIncrement()));
    }

    /** {@inheritDoc} */
    @Override
    public int getBatchSize() {
        return batchSize;
    }

    /**
     * Returns the seed.
     *
     * @return the seed
     */
    public long getSeed() {
        return seed;
    }

    /**
     * Tells whether a last batch smaller than the batch size is dropped.
     *
     * @return true if incomplete batches are dropped
     */
    public boolean isDropLast() {
        return dropLast;
    }

    /**
     * Returns the epoch the next call to {@link #sample} will use.
     *
     * @return the next epoch, counted from 0
     */
    public long getEpoch() {
        return epoch.get();
    }

    /**
     * Sets the epoch the next call to {@link #sample} will use, e.g. to resume a run.
     *
     * @param nextEpoch the next epoch, counted from 0
     */
    public void setEpoch(long nextEpoch) {
        if (nextEpoch < 0) {
            throw new IllegalArgumentException("Epoch must be >= 0, got " + nextEpoch);
        }
        epoch.set(nextEpoch);
    }

    /**
     * Returns the order in which an epoch visits {@code n} examples; it depends only on the seed,
     * the epoch and {@code n}.
     *
     * @param n the number of examples
     * @param epochIndex the epoch
     * @return a permutation of {@code 0..n-1}
     */
    public int[] permutation(int n, long epochIndex) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, epochIndex));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1); // [0, i] inclusive: i may stay in place
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    private final class Batches implements Iterator<List<Long>> {

        private final int[] order;
        private final int end;
        private int next;

        Batches(int[] order) {
            this.order = order;
            this.end = dropLast ? order.length - order.length % batchSize : order.length;
        }

        @Override
        public boolean hasNext() {
            return next < end;
        }

        @Override
        public List<Long> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int to = Math.min(next + batchSize, end);
            List<Long> batch = new ArrayList<>(to - next);
            for (int i = next; i < to; i++) {
                batch.add((long) order[i]);
            }
            next = to;
            return batch;
        }
    }

    /** Configures a {@link SeededShuffleSampler}. */
    public static final class Builder {

        private int batchSize;
        private long seed;
        private boolean dropLast;
        private long startEpoch;

        Builder() {}

        /**
         * Sets the number of examples per batch.
         *
         * @param batchSize a positive batch size
         * @return this builder
         */
        public Builder setBatchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("Batch size must be positive, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the seed of the data order (default 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets whether to drop the last batch when it is smaller than the batch size (default
         * false).
         *
         * @param dropLast true to drop an incomplete last batch
         * @return this builder
         */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * Sets the epoch the first call to {@code sample} uses (default 0), to resume a run.
         *
         * @param startEpoch the first epoch, counted from 0
         * @return this builder
         */
        public Builder optStartEpoch(long startEpoch) {
            if (startEpoch < 0) {
                throw new IllegalArgumentException("Epoch must be >= 0, got " + startEpoch);
            }
            this.startEpoch = startEpoch;
            return this;
        }

        /**
         * Builds the sampler.
         *
         * @return the sampler
         */
        public SeededShuffleSampler build() {
            if (batchSize == 0) {
                throw new IllegalStateException("Call setBatchSize(...) before build().");
            }
            return new SeededShuffleSampler(this);
        }
    }
}

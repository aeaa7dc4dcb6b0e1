package io.ltq.experiments.datasets;

import io.ltq.random.Seeds;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The standard CIFAR training augmentation: a random horizontal flip and a random crop back to the
 * original size from the image padded by 4 pixels on each side, as in He et al. (2016).
 *
 * <p>Padding is zero in raw pixel space, i.e. black; since images arrive normalized, the padded
 * pixels take each channel's normalized value of black ({@link CifarFolder#normalizedBlack()}) by
 * default. Each example's flip and offsets are drawn from a generator seeded by {@code (seed,
 * epoch, batchIndex)}.
 *
 * <pre>
 * BatchAugmentation aug = CifarAugmentation.builder().optSeed(7).build();
 * </pre>
 */
public final class CifarAugmentation implements BatchAugmentation {

    private final long seed;
    private final int padding;
    private final boolean flip;
    private final float[] fill;

    private CifarAugmentation(Builder builder) {
        this.seed = builder.seed;
        this.padding = builder.padding;
        this.flip = builder.flip;
        this.fill = builder.fill;
    }

    /**
     * Returns a builder for flips and 4-pixel crops with black padding and seed 0.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public void apply(float[] batch, int count, Shape exampleShape, long epoch, long batchIndex) {
        int channels = Math.toIntExact(exampleShape.get(0));
        int height = Math.toIntExact(exampleShape.get(1));
        int width = Math.toIntExact(exampleShape.get(2));
        float[] channelFill = fillFor(channels);
        int plane = height * width;
        int size = channels * plane;
        float[] source = new float[size];
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, epoch, batchIndex));
        for (int e = 0; e < count; e++) {
            // Always draw all three numbers so one example's choices never shift the next one's.
            boolean mirror = random.nextBoolean() && flip;
            int dy = random.nextInt(2 * padding + 1) - padding;
            int dx = random.nextInt(2 * padding + 1) - padding;
            if (!mirror && dy == 0 && dx == 0) {
                continue;
            }
            int base = e * size;
            System.arraycopy(batch, base, source, 0, size);
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    int sy = y + dy;
                    for (int x = 0; x < width; x++) {
                        int sx = (mirror ? width - 1 - x : x) + dx;
                        boolean inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                        batch[base + c * plane + y * width + x] =
                                inside ? source[c * plane + sy * width + sx] : channelFill[c];
                    }
                }
            }
        }
    }

    private float[] fillFor(int channels) {
        if (fill.length == channels) {
            return fill;
        }
        if (fill.length == 1) {
            float[] same = new float[channels];
            Arrays.fill(same, fill[0]);
            return same;
        }
        throw new IllegalArgumentException(
                "The padding fill has "
                        + fill.length
                        + " values but the images have "
                        + channels
                        + " channels; pass one value or one per channel to optFill.");
    }

    /** Configures a {@link CifarAugmentation}. */
    public static final class Builder {

        private long seed;
        private int padding = 4;
        private boolean flip = true;
        private float[] fill = CifarFolder.normalizedBlack();

        Builder() {}

        /**
         * Sets the seed (default 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the padding, i.e. the largest shift in each direction (default 4; 0 disables
         * cropping).
         *
         * @param padding pixels added on each side before cropping
         * @return this builder
         */
        public Builder optPadding(int padding) {
            if (padding < 0) {
                throw new IllegalArgumentException("Padding must be >= 0, got " + padding);
            }
            this.padding = padding;
            return this;
        }

        /**
         * Sets whether to flip half of the images horizontally (default true).
         *
         * @param flip true to flip at random
         * @return this builder
         */
        public Builder optFlip(boolean flip) {
            this.flip = flip;
            return this;
        }

        /**
         * Sets the value of padded pixels: one for all channels or one per channel (default:
         * CIFAR-10's normalized black).
         *
         * @param fill the padding values
         * @return this builder
         */
        public Builder optFill(float... fill) {
            if (fill.length == 0) {
                throw new IllegalArgumentException("Give at least one fill value.");
            }
            this.fill = fill.clone();
            return this;
        }

        /**
         * Builds the augmentation.
         *
         * @return the augmentation
         */
        public CifarAugmentation build() {
            return new CifarAugmentation(this);
        }
    }
}

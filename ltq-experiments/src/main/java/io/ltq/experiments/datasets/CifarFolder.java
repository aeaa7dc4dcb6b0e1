package io.ltq.experiments.datasets;

import ai.djl.ndarray.types.Shape;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads CIFAR-10 from its binary release: {@code data_batch_1.bin} to {@code data_batch_5.bin} and
 * {@code test_batch.bin}, in the given folder or its {@code cifar-10-batches-bin} subfolder (as
 * unpacked from {@code cifar-10-binary.tar.gz}).
 *
 * <p>Each record is one label byte and 3,072 pixel bytes: the 32x32 red plane, then green, then
 * blue, which is already the channel-major (3, 32, 32) layout the networks take. Pixels are scaled
 * to [0, 1] and then standardized per channel with {@link #MEAN} and {@link #STD}.
 */
public final class CifarFolder {

    /** The number of CIFAR-10 classes. */
    public static final int NUM_CLASSES = 10;

    /** The subfolder the binary release unpacks into. */
    public static final String SUBFOLDER = "cifar-10-batches-bin";

    /**
     * Per-channel (R, G, B) means of the CIFAR-10 training pixels scaled to [0, 1]; the same values
     * as DJL's {@code Cifar10.NORMALIZE_MEAN}.
     */
    public static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};

    /**
     * Per-channel (R, G, B) standard deviations of the CIFAR-10 training pixels scaled to [0, 1],
     * taken over all pixels of all images. The often-copied {@code (0.2023, 0.1994, 0.2010)}, which
     * DJL uses, are averages of per-image deviations and come out about 20% smaller.
     */
    public static final float[] STD = {0.2470f, 0.2435f, 0.2616f};

    /** Bytes per record: one label, then 3x32x32 pixels. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

    private static final Shape EXAMPLE = new Shape(3, 32, 32);
    private static final String[] TRAIN_FILES = {
        "data_batch_1.bin",
        "data_batch_2.bin",
        "data_batch_3.bin",
        "data_batch_4.bin",
        "data_batch_5.bin"
    };
    private static final String TEST_FILE = "test_batch.bin";

    private CifarFolder() {}

    /**
     * Tells whether the batches are in a folder or its {@link #SUBFOLDER}.
     *
     * @param folder the folder to look in
     * @return true if {@link #load} would find every file
     */
    public static boolean isPresent(Path folder) {
        return locate(folder) != null;
    }

    /**
     * Reads the training and test sets.
     *
     * @param folder the folder holding the batches, or the folder above {@link #SUBFOLDER}
     * @return 50,000 training and 10,000 test images for the real release, normalized
     * @throws DataException if the folder or a batch is missing or a batch is bad
     */
    public static TrainTestData load(Path folder) {
        Path dir = locate(folder);
        if (dir == null) {
            String where =
                    Files.isDirectory(folder)
                            ? "no complete set of batches"
                            : "the folder does not exist";
            throw new DataException(
                    "No CIFAR-10 data in "
                            + folder
                            + " ("
                            + where
                            + "): expected data_batch_1.bin to data_batch_5.bin and test_batch.bin"
                            + " there or in its "
                            + SUBFOLDER
                            + " subfolder; download and unpack the binary version "
                            + "(cifar-10-binary.tar.gz) or pass --data pointing at the folder that"
                            + " holds them.");
        }
        List<Path> trainFiles = new ArrayList<>();
        for (String name : TRAIN_FILES) {
            trainFiles.add(dir.resolve(name));
        }
        return new TrainTestData(
                "CIFAR-10", readBatches(trainFiles), readBatches(List.of(dir.resolve(TEST_FILE))));
    }

    /**
     * Reads and concatenates binary batch files.
     *
     * @param files the batch files, in order
     * @return their images, normalized, with labels
     * @throws DataException if a file is missing, not a whole number of records, or has a label
     *     outside 0..9
     */
    public static LabeledImages readBatches(List<Path> files) {
        List<byte[]> contents = new ArrayList<>();
        long records = 0;
        for (Path file : files) {
            byte[] bytes = DataFiles.readAll(file);
            if (bytes.length == 0 || bytes.length % RECORD_BYTES != 0) {
                long whole = (long) bytes.length / RECORD_BYTES;
                throw new DataException(
                        String.format(
                                "File %s is truncated or not a CIFAR-10 batch: expected a whole "
                                        + "number of %d-byte records (%d for %d records), found %d "
                                        + "bytes; re-download it.",
                                file,
                                RECORD_BYTES,
                                (whole + 1) * RECORD_BYTES,
                                whole + 1,
                                bytes.length));
            }
            contents.add(bytes);
            records += bytes.length / RECORD_BYTES;
        }
        if (records * (RECORD_BYTES - 1) > Integer.MAX_VALUE) {
            throw new DataException(
                    "Too many CIFAR-10 records ("
                            + records
                            + ") for one array; pass fewer batch files.");
        }
        int n = (int) records;
        byte[] pixels = new byte[n * (RECORD_BYTES - 1)];
        int[] labels = new int[n];
        int example = 0;
        for (int f = 0; f < files.size(); f++) {
            byte[] bytes = contents.get(f);
            for (int r = 0; r < bytes.length / RECORD_BYTES; r++, example++) {
                int at = r * RECORD_BYTES;
                int label = bytes[at] & 0xff;
                if (label >= NUM_CLASSES) {
                    throw new DataException(
                            String.format(
                                    "File %s has label %d in record %d, outside 0..9; re-download"
                                            + " it.",
                                    files.get(f), label, r));
                }
                labels[example] = label;
                System.arraycopy(bytes, at + 1, pixels, example * (RECORD_BYTES - 1),
                        RECORD_BYTES - 1);
            }
        }
        return LabeledImages.ofEightBit(pixels, normalized(), labels, EXAMPLE, NUM_CLASSES);
    }

    /** Per channel, each byte value scaled to [0, 1] and standardized, as one float. */
    private static float[][] normalized() {
        float[][] valueOf = new float[3][256];
        for (int c = 0; c < 3; c++) {
            float mean = MEAN[c];
            float scale = 1f / (255f * STD[c]);
            float shift = mean / STD[c];
            for (int v = 0; v < 256; v++) {
                valueOf[c][v] = v * scale - shift;
            }
        }
        return valueOf;
    }

    /** Standardizes 3-channel examples with values in [0, 1], in place, per channel. */
    static void standardize(float[] pixels, int plane) {
        for (int i = 0; i < pixels.length; i++) {
            int c = (i / plane) % 3;
            pixels[i] = (pixels[i] - MEAN[c]) / STD[c];
        }
    }

    /**
     * Returns the normalized value of a pixel whose raw value is 0 in each channel: the fill for
     * zero padding applied after normalization.
     *
     * @return one value per channel
     */
    public static float[] normalizedBlack() {
        float[] black = new float[3];
        for (int c = 0; c < 3; c++) {
            black[c] = -MEAN[c] / STD[c];
        }
        return black;
    }

    private static Path locate(Path folder) {
        for (Path dir : new Path[] {folder, folder.resolve(SUBFOLDER)}) {
            if (Files.isDirectory(dir) && hasAll(dir)) {
                return dir;
            }
        }
        return null;
    }

    private static boolean hasAll(Path dir) {
        for (String name : TRAIN_FILES) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                return false;
            }
        }
        return Files.isRegularFile(dir.resolve(TEST_FILE));
    }
}

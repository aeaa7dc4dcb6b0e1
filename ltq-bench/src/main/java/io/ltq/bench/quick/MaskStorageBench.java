package io.ltq.bench.quick;

import io.ltq.mask.DirectoryMaskStore;
import io.ltq.mask.MaskFormat;
import io.ltq.mask.MaskSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmark 3: mask storage. Random masks of a VGG-19-sized parameter set saved to and loaded from
 * a {@link DirectoryMaskStore} in each {@link MaskFormat}: bytes on disk per weight, and the time
 * to save (atomically, forced to disk) and to load (verified).
 */
public final class MaskStorageBench {

    /** The most bytes per weight at 50% density. */
    public static final double TARGET_BYTES_HALF = 0.15;
    /** The most bytes per weight at 5% density. */
    public static final double TARGET_BYTES_SPARSE = 0.05;
    /** The most milliseconds a save and a load of a VGG-19-sized mask may take together. */
    public static final double TARGET_SAVE_LOAD_MS = 200;

    private MaskStorageBench() {}

    /**
     * Measures one format at one density.
     *
     * @param format the layout
     * @param density the probability that a weight survives, 0.5 or 0.05 for the targets
     * @param weights about how many weights
     * @param timer the repetitions
     * @return the result
     */
    public static Result run(MaskFormat format, double density, long weights, RepeatTimer timer) {
        VggSizedParameters set = VggSizedParameters.ofSize(weights);
        MaskSet masks = set.randomMasks(density, 7);
        Path root = null;
        try {
            root = Files.createTempDirectory("ltq-bench-masks");
            DirectoryMaskStore store = DirectoryMaskStore.builder(root).optFormat(format).build();
            RepeatTimer.Samples save = timer.time(() -> save(store, masks));
            RepeatTimer.Samples load = timer.time(() -> load(store));
            if (!store.load(0).equals(masks)) {
                throw new IllegalStateException("The masks read back differ from those saved.");
            }
            long bytes = Files.size(store.path(0));
            long n = masks.totalWeights();
            double perWeight = (double) bytes / n;
            boolean full = n >= VggSizedParameters.VGG19_WEIGHTS;
            Double targetBytes =
                    density == 0.5 ? TARGET_BYTES_HALF
                            : density == 0.05 ? TARGET_BYTES_SPARSE : null;
            double saveLoad = save.median() + load.median();
            return new Result(
                    format.name().toLowerCase(Locale.ROOT),
                    density,
                    n,
                    bytes,
                    perWeight,
                    save.median(),
                    load.median(),
                    saveLoad,
                    targetBytes,
                    full ? TARGET_SAVE_LOAD_MS : null,
                    (targetBytes == null || perWeight <= targetBytes)
                            && (!full || saveLoad <= TARGET_SAVE_LOAD_MS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(root);
        }
    }

    private static void save(DirectoryMaskStore store, MaskSet masks) {
        try {
            store.save(0, masks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void load(DirectoryMaskStore store) {
        try {
            store.load(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover temporary folder is not worth failing a benchmark for.
        }
    }

    /**
     * One format at one density.
     *
     * @param format {@code bool} or {@code packed}
     * @param density the fraction of weights kept
     * @param weights the number of weights
     * @param bytes the size of the file
     * @param bytesPerWeight that per weight
     * @param saveMs median milliseconds of a save
     * @param loadMs median milliseconds of a load, checksums verified
     * @param saveLoadMs the two together
     * @param targetBytesPerWeight the size target at this density, if it has one
     * @param targetSaveLoadMs the time target, where this size has one
     * @param meetsTarget whether the targets that apply are met
     */
    public record Result(
            String format,
            double density,
            long weights,
            long bytes,
            double bytesPerWeight,
            double saveMs,
            double loadMs,
            double saveLoadMs,
            Double targetBytesPerWeight,
            Double targetSaveLoadMs,
            boolean meetsTarget) {}
}

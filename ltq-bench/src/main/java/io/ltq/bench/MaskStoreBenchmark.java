package io.ltq.bench;

import io.ltq.bench.quick.VggSizedParameters;
import io.ltq.mask.DirectoryMaskStore;
import io.ltq.mask.MaskFormat;
import io.ltq.mask.MaskSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 3 under JMH: saving (atomically, forced to disk) and loading (verified) a random
 * VGG-19-sized mask, 20M weights, in each format at 50% and 5% density. The file size per weight
 * is printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MaskStoreBenchmark {

    /** The layout on disk. */
    @Param({"BOOL", "PACKED"})
    public MaskFormat format;

    /** The fraction of weights kept. */
    @Param({"0.5", "0.05"})
    public double density;

    private Path root;
    private DirectoryMaskStore store;
    private MaskSet masks;

    /** Draws the masks and saves them once, for the loads. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        masks = VggSizedParameters.vgg19().randomMasks(density, 7);
        root = Files.createTempDirectory("ltq-jmh-masks");
        store = DirectoryMaskStore.builder(root).optFormat(format).build();
        store.save(0, masks);
        System.out.printf("%n%s at density %s: %.4f bytes per weight%n", format, density,
                (double) Files.size(store.path(0)) / masks.totalWeights());
    }

    /**
     * Saves the masks.
     *
     * @throws IOException when writing fails
     */
    @Benchmark
    public void save() throws IOException {
        store.save(1, masks);
    }

    /**
     * Loads and verifies the masks.
     *
     * @return the masks
     * @throws IOException when reading fails
     */
    @Benchmark
    public MaskSet load() throws IOException {
        return store.load(0);
    }

    /**
     * Removes the files.
     *
     * @throws IOException when they cannot be listed
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

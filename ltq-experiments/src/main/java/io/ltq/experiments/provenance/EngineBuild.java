package io.ltq.experiments.provenance;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a DJL engine says of its native build and threads: the flavor of its native library (the
 * folder DJL's {@code LibUtils} loads it from, {@code <version>-<flavor>-<os>-<arch>}), its
 * compiled-in features and the intra-op threads it computes with. The engines are runtime
 * dependencies, so their classes are reached by name; an engine without an entry, or a call
 * that fails, gives {@value Provenance#UNKNOWN}.
 *
 * @param flavor e.g. {@code cpu}, {@code cpu-precxx11}, {@code cu128} (PyTorch), {@code mkl}
 *     (MXNet)
 * @param features the engine's features, sorted, e.g. {@code [MKL, MKLDNN, OPENMP]}; empty where
 *     unknown
 * @param threads the intra-op threads, e.g. {@code 2}
 * @param threadsSource {@code engine} when the engine reported them, {@code OMP_NUM_THREADS} when
 *     read from that variable (which OpenMP engines follow), {@value Provenance#UNKNOWN} otherwise
 */
public record EngineBuild(String flavor, List<String> features, String threads,
        String threadsSource) {

    /** The folder DJL extracts a native build to, e.g. {@code 2.7.1-20250812-cpu-linux-x86_64}. */
    private static final Pattern NATIVE_FOLDER =
            Pattern.compile("\\d+(?:\\.\\d+)*(?:-\\d{8})?-(.+)-(?:linux|osx|win)-[^-]+");

    /**
     * Where each engine tells: static methods, {@code class#method}; {@code null} where it
     * does not.
     */
    private record Calls(String library, String features, String threads) {}

    private static final Map<String, Calls> ENGINES = Map.of(
            "PyTorch", new Calls("ai.djl.pytorch.jni.LibUtils#getLibtorchPath",
                    "ai.djl.pytorch.jni.JniUtils#getFeatures",
                    "ai.djl.pytorch.jni.JniUtils#getNumThreads"),
            "MXNet", new Calls("ai.djl.mxnet.jna.LibUtils#getLibName",
                    "ai.djl.mxnet.jna.JnaUtils#getFeatures", null));

    /** Copies the features. */
    public EngineBuild {
        features = List.copyOf(features);
    }

    /**
     * Asks a loaded engine; never fails.
     *
     * @param engine the engine's name, e.g. {@code PyTorch}
     * @return what the engine tells, {@value Provenance#UNKNOWN} for the rest
     */
    public static EngineBuild of(String engine) {
        Calls calls = ENGINES.getOrDefault(engine, new Calls(null, null, null));
        Object library = call(calls.library());
        Object features = call(calls.features());
        Object threads = call(calls.threads());
        List<String> sorted = new ArrayList<>();
        if (features instanceof Collection<?> c) {
            c.forEach(f -> sorted.add(String.valueOf(f)));
            sorted.sort(null);
        }
        String omp = System.getenv("OMP_NUM_THREADS");
        String threadCount;
        String source;
        if (threads != null) {
            threadCount = String.valueOf(threads);
            source = "engine";
        } else if (omp != null && !omp.isBlank()) {
            threadCount = omp.strip();
            source = "OMP_NUM_THREADS";
        } else {
            threadCount = Provenance.UNKNOWN;
            source = Provenance.UNKNOWN;
        }
        String flavor;
        try {
            flavor = library == null ? Provenance.UNKNOWN : flavor(library.toString());
        } catch (RuntimeException e) {
            flavor = Provenance.UNKNOWN; // Not a path on this file system.
        }
        return new EngineBuild(flavor, sorted, threadCount, source);
    }

    /**
     * Returns the flavor named by the folder of a native library.
     *
     * @param library the library's folder, or a file in it
     * @return e.g. {@code cpu} for {@code .../2.7.1-20250812-cpu-linux-x86_64}, {@value
     *     Provenance#UNKNOWN} for a folder not laid out by DJL (a {@code PYTORCH_LIBRARY_PATH}
     *     of one's own)
     */
    static String flavor(String library) {
        Path path = Path.of(library);
        // PyTorch names the folder, MXNet the library file in it.
        for (Path p : new Path[] {path.getFileName(), path.getParent() == null ? null
                : path.getParent().getFileName()}) {
            Matcher m = NATIVE_FOLDER.matcher(p == null ? "" : p.toString());
            if (m.matches()) {
                return m.group(1);
            }
        }
        return Provenance.UNKNOWN;
    }

    /** Calls a static method by name; {@code null} when it is missing or fails. */
    private static Object call(String classAndMethod) {
        if (classAndMethod == null) {
            return null;
        }
        int hash = classAndMethod.indexOf('#');
        try {
            Method m = Class.forName(classAndMethod.substring(0, hash))
                    .getMethod(classAndMethod.substring(hash + 1));
            return m.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // Not this engine's build, or not loadable here: recorded as unknown.
        }
    }
}

package io.ltq.spark.task;

import io.ltq.experiments.cli.RunJvmOptions;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line and environment of a run's own JVM: {@code java} from {@code java.home}, the
 * class path the executor has (its system class path and the jars Spark added for the task), the
 * engine thread settings, and {@link ChildMain} with the {@code ltq} arguments.
 *
 * <p>Engine threads are fixed so that the runs a machine takes at once do not oversubscribe its
 * cores: {@code OMP_NUM_THREADS} and {@code MKL_NUM_THREADS} (MXNet's MKL build and PyTorch's
 * OpenMP pool) and DJL's {@code ai.djl.pytorch.num_threads}; PyTorch's inter-op pool gets one
 * thread, as a training step runs its operators one after another.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /**
     * Returns the class path a task's JVM runs with.
     *
     * @param loader the task's context class loader, whose URLs Spark added
     * @return the entries, system class path first, each once
     */
    public static String classPath(ClassLoader loader) {
        Set<String> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        List<String> added = new ArrayList<>();
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if (url.getProtocol().equals("file")) {
                        try {
                            added.add(Path.of(url.toURI()).toString());
                        } catch (URISyntaxException | IllegalArgumentException e) {
                            added.add(new File(url.getPath()).getPath());
                        }
                    }
                }
            }
        }
        entries.addAll(added);
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Returns the command line of a run's JVM.
     *
     * @param classPath the class path, from {@link #classPath}
     * @param threads engine threads
     * @param javaOptions extra JVM options, e.g. {@code -Xmx4g}
     * @param properties system properties to pass on, e.g. DJL's offline setting
     * @param ltqArgs the {@code ltq} arguments
     * @return the command
     */
    public static List<String> command(String classPath, int threads, List<String> javaOptions,
            Map<String, String> properties, List<String> ltqArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The same memory settings as ./ltq's; the user's --java-opts come after and win.
        cmd.addAll(RunJvmOptions.defaults());
        cmd.addAll(javaOptions);
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
        cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(ChildMain.class.getName());
        cmd.addAll(ltqArgs);
        return cmd;
    }

    /**
     * Sets the engine threads in a run's environment.
     *
     * @param env the environment of the process builder
     * @param threads engine threads
     */
    public static void environment(Map<String, String> env, int threads) {
        env.put("OMP_NUM_THREADS", Integer.toString(threads));
        env.put("MKL_NUM_THREADS", Integer.toString(threads));
    }
}

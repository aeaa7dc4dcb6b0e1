package io.ltq.spark;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.cli.LtqSubcommand;
import io.ltq.spark.cluster.LoopbackCluster;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ltq cluster}: a small Spark standalone cluster on this machine's loopback address, a
 * master and workers in JVMs of their own, for trying {@code ltq sweep --master spark://...}
 * before a real cluster. It runs until interrupted (Ctrl-C), then stops every JVM it started.
 */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = {
            "Start a Spark standalone cluster on 127.0.0.1 (a master and --workers workers, each"
                    + " a JVM of its own, from Spark's jars on ltq's class path) and keep it up"
                    + " until Ctrl-C. Its executors hold Spark's jars only: a sweep ships LTQ to"
                    + " them as to a real cluster (README: Sweeps, On a cluster).",
            "Example: ltq cluster --dir spark-cluster, then in another shell"
                    + " ltq sweep --master spark://127.0.0.1:PORT ..."
        })
public final class ClusterCommand implements Callable<Integer>, LtqSubcommand {

    @Spec CommandSpec spec;

    @Option(names = "--dir", required = true, description = "The cluster's folder: logs, the"
            + " workers' and executors' folders and temporary files. Must be empty or new.")
    Path dir;

    @Option(names = "--workers", defaultValue = "2", description = "Workers (default:"
            + " ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--cores", defaultValue = "1", description = "Cores per worker: runs at"
            + " once on it, at one engine thread each (default: ${DEFAULT-VALUE}).")
    int cores;

    @Option(names = "--memory", defaultValue = "4g", description = "Memory per worker for its"
            + " executors (default: ${DEFAULT-VALUE}); each run's own JVM comes on top.")
    String memory;

    @Override
    public Integer call() throws Exception {
        if (workers < 1 || cores < 1) {
            throw new UserMistakeException("--workers " + workers + " --cores " + cores
                    + " gives no core to run on: give at least one worker with one core.");
        }
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new UserMistakeException("--dir " + dir + " is not empty: give a new"
                            + " folder, or delete this one if it held an earlier cluster.");
                }
            }
        } else if (Files.exists(dir)) {
            throw new UserMistakeException("--dir " + dir + " is a file: give a folder.");
        }
        List<Path> sparkJars = LoopbackCluster.sparkJarsOf(System.getProperty("java.class.path"));
        if (sparkJars.stream().noneMatch(p -> p.getFileName().toString().startsWith(
                "spark-core_"))) {
            throw new IllegalStateException("Spark's jars are not on ltq's class path");
        }
        PrintWriter out = spec.commandLine().getOut();
        LoopbackCluster cluster = LoopbackCluster.builder()
                .setDirectory(dir)
                .setSparkJars(sparkJars)
                .optWorkers(workers)
                .optCoresPerWorker(cores)
                .optMemoryPerWorker(memory)
                .optJavaOptions(sparkJvmFlags())
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }, "ltq-cluster-stop"));
        cluster.start();
        out.printf("ltq cluster: master %s with %d worker(s) of %d core(s); web page %s; logs"
                + " %s%n", cluster.masterUrl(), workers, cores, cluster.webUiUrl(),
                cluster.logs());
        out.printf("ltq cluster: sweep on it with ltq sweep --master %s ... (ships"
                + " ltq-spark/target/ltq-spark-*-cluster.jar: build it once with mvn -B -Pcluster"
                + " -DskipTests package); Ctrl-C stops the cluster.%n", cluster.masterUrl());
        out.flush();
        stopped.await();
        return 0;
    }

    /** The module flags Spark needs on JDK 17, as ./ltq gave them to this JVM. */
    private static List<String> sparkJvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports")
                        || a.startsWith("-Dio.netty.") || a.startsWith("-Djdk.reflect.")
                        || a.equals("-XX:+IgnoreUnrecognizedVMOptions"))
                .toList();
    }
}

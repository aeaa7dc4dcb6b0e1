package io.ltq.spark.cluster;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on this machine's loopback address: a master and some workers, each
 * a JVM of its own, started from Spark's jars as a cluster's machines would run them. The workers
 * launch their executors from a {@code SPARK_HOME} this class assembles in its folder ({@code
 * jars/} with links to the given jars, found there by Spark's {@code WorkerCommandBuilder}, and
 * {@code SPARK_SCALA_VERSION=2.13}), so an executor's class path holds Spark's jars and nothing
 * of LTQ's: a sweep must ship LTQ to the executors as it would to a real cluster.
 *
 * <p>Everything it writes (logs, the workers' and executors' folders, their temporary files)
 * stays in its folder; {@link #close()} kills its JVMs and whatever they started.
 *
 * <pre>
 * try (LoopbackCluster cluster = LoopbackCluster.builder()
 *         .setDirectory(Path.of("spark-cluster"))
 *         .setSparkJars(LoopbackCluster.sparkJarsOf(System.getProperty("java.class.path")))
 *         .optWorkers(2)
 *         .build()) {
 *     cluster.start();
 *     String master = cluster.masterUrl(); // spark://127.0.0.1:PORT
 * }
 * </pre>
 */
public final class LoopbackCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Builder b;
    private final List<Process> workers = new ArrayList<>();
    private Process master;
    private int masterPort;
    private int uiPort;

    private LoopbackCluster(Builder b) {
        this.b = b;
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
     * Returns the jars of a class path that a Spark installation would hold: every jar but
     * DJL's and LTQ's own, which a sweep ships to the executors. Folders of classes are left out
     * too, as Spark's {@code jars/} holds jars only.
     *
     * @param classPath a class path, e.g. {@code java.class.path}
     * @return the jars, in class path order
     */
    public static List<Path> sparkJarsOf(String classPath) {
        List<Path> jars = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            boolean djl = entry.replace(File.separatorChar, '/').contains("/ai/djl/");
            if (name.endsWith(".jar") && !name.startsWith("ltq-") && !djl
                    && Files.isRegularFile(p)) {
                jars.add(p.toAbsolutePath());
            }
        }
        return jars;
    }

    /**
     * Starts the master, then the workers, and waits until every worker has registered.
     *
     * @throws IOException when a JVM cannot be started or the folder written
     * @throws IllegalStateException when the cluster does not come up in 90 s; the message
     *     holds the end of its logs, and every JVM started is stopped
     */
    public void start() throws IOException, InterruptedException {
        if (master != null) {
            throw new IllegalStateException("started already");
        }
        Path home = sparkHome();
        Files.createDirectories(logs());
        masterPort = freePort();
        uiPort = freePort();
        master = launch(List.of("org.apache.spark.deploy.master.Master", "--host", HOST,
                "--port", Integer.toString(masterPort), "--webui-port",
                Integer.toString(uiPort)), "master", home, Map.of());
        try {
            awaitWorkers(0);
            for (int i = 1; i <= b.workers; i++) {
                startWorker(i, home);
            }
            awaitWorkers(b.workers);
        } catch (IllegalStateException | IOException e) {
            close();
            throw e;
        }
    }

    private void startWorker(int i, Path home) throws IOException {
        Path work = b.directory.resolve("work/worker-" + i);
        Path local = b.directory.resolve("local/worker-" + i);
        Files.createDirectories(work);
        Files.createDirectories(local);
        Path executorTmp = Files.createDirectories(b.directory.resolve("tmp/executors-" + i));
        // Executors and the runs' JVMs inherit the worker's environment: the JDK's launcher
        // gives every one of them a temporary folder in the cluster's (lz4-java, for one,
        // unpacks its library there, and a killed executor cannot delete it).
        workers.add(launch(List.of("org.apache.spark.deploy.worker.Worker", "--host", HOST,
                "--cores", Integer.toString(b.coresPerWorker), "--memory", b.memoryPerWorker,
                "--work-dir", work.toString(), "--webui-port", "0", masterUrl()),
                "worker-" + i, home, Map.of("SPARK_LOCAL_DIRS", local.toString(),
                        "JDK_JAVA_OPTIONS", "-Djava.io.tmpdir=" + executorTmp)));
    }

    /**
     * Returns the master's URL, for {@code --master}.
     *
     * @return {@code spark://127.0.0.1:PORT}
     */
    public String masterUrl() {
        return "spark://" + HOST + ":" + masterPort;
    }

    /**
     * Returns the master's web page, which lists workers, applications and executors.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String webUiUrl() {
        return "http://" + HOST + ":" + uiPort;
    }

    /**
     * Returns a worker's JVM, e.g. to kill it as a machine would die.
     *
     * @param i the worker, from 1
     * @return its process
     */
    public ProcessHandle worker(int i) {
        return workers.get(i - 1).toHandle();
    }

    /**
     * Returns the number of workers the master counts alive now.
     *
     * @return alive workers
     * @throws IOException when the master does not answer
     */
    public int aliveWorkers() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(webUiUrl() + "/json/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject state = JsonParser.parseString(r.body()).getAsJsonObject();
        return state.get("aliveworkers").getAsInt();
    }

    /**
     * Returns the folder of the cluster's logs: {@code master.log}, {@code worker-N.log}; each
     * executor's output is under {@code work/worker-N/APP/EXECUTOR/}.
     *
     * @return the folder
     */
    public Path logs() {
        return b.directory.resolve("logs");
    }

    /** Kills every JVM of the cluster and all they started (executors, runs), and waits. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : workers) {
            all.add(p.toHandle());
        }
        if (master != null) {
            all.add(master.toHandle());
        }
        Set<ProcessHandle> doomed = new LinkedHashSet<>();
        for (ProcessHandle p : all) {
            p.descendants().forEach(doomed::add);
            doomed.add(p);
        }
        doomed.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : doomed) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Already gone, or a zombie its parent reaps: nothing is left running.
            }
        }
    }

    private Path sparkHome() throws IOException {
        Path home = b.directory.resolve("spark-home");
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        for (Path jar : b.sparkJars) {
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createSymbolicLink(link, jar.toAbsolutePath());
                } catch (UnsupportedOperationException | IOException e) {
                    Files.copy(jar, link); // a file system without links
                }
            }
        }
        return home;
    }

    private Process launch(List<String> mainAndArgs, String name, Path home,
            Map<String, String> env) throws IOException {
        Path tmp = b.directory.resolve("tmp/" + name);
        Files.createDirectories(tmp);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(b.javaOptions);
        cmd.add("-Xmx512m");
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.add("-cp");
        cmd.add(home.resolve("jars") + File.separator + "*");
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logs().resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", HOST);
        pb.environment().putAll(env);
        return pb.start();
    }

    private void awaitWorkers(int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                break;
            }
            try {
                if (aliveWorkers() >= n) {
                    return;
                }
                last = "workers not registered";
            } catch (IOException | RuntimeException e) {
                last = e.toString(); // the master's web server is not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the Spark cluster in " + b.directory + " did not start"
                + " with " + n + " worker(s) (" + last + "); its master's log ends:\n"
                + tail(logs().resolve("master.log")));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Configures a {@link LoopbackCluster}. */
    public static final class Builder {

        private Path directory;
        private List<Path> sparkJars = List.of();
        private int workers = 2;
        private int coresPerWorker = 1;
        private String memoryPerWorker = "4g";
        private List<String> javaOptions = List.of();

        Builder() {}

        /**
         * Sets the folder the cluster keeps everything in.
         *
         * @param directory created when missing
         * @return this builder
         */
        public Builder setDirectory(Path directory) {
            this.directory = directory.toAbsolutePath();
            return this;
        }

        /**
         * Sets Spark's jars, e.g. from {@link #sparkJarsOf}.
         *
         * @param sparkJars the jars of {@code SPARK_HOME/jars}
         * @return this builder
         */
        public Builder setSparkJars(List<Path> sparkJars) {
            this.sparkJars = List.copyOf(sparkJars);
            return this;
        }

        /**
         * Sets the number of workers.
         *
         * @param workers 2 by default
         * @return this builder
         */
        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /**
         * Sets the cores each worker offers, one run's task each at one engine thread.
         *
         * @param cores 1 by default
         * @return this builder
         */
        public Builder optCoresPerWorker(int cores) {
            this.coresPerWorker = cores;
            return this;
        }

        /**
         * Sets the memory each worker offers its executors (a run's own JVM comes on top).
         *
         * @param memory as for Spark's {@code --memory}; {@code 4g} by default
         * @return this builder
         */
        public Builder optMemoryPerWorker(String memory) {
            this.memoryPerWorker = memory;
            return this;
        }

        /**
         * Sets the JVM options of the master and the workers, such as the flags Spark needs on
         * JDK 17 ({@code @spark-java17.args}).
         *
         * @param javaOptions the options
         * @return this builder
         */
        public Builder optJavaOptions(List<String> javaOptions) {
            this.javaOptions = List.copyOf(javaOptions);
            return this;
        }

        /**
         * Builds the cluster; {@link LoopbackCluster#start()} starts it.
         *
         * @return the cluster
         */
        public LoopbackCluster build() {
            if (directory == null || sparkJars.isEmpty()) {
                throw new IllegalStateException("set a directory and Spark's jars");
            }
            if (workers < 1 || coresPerWorker < 1) {
                throw new IllegalStateException("at least one worker with one core");
            }
            return new LoopbackCluster(this);
        }
    }
}

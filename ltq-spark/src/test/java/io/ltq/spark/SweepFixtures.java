package io.ltq.spark;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.cli.Ltq;
import io.ltq.experiments.lottery.KilledRunTest;
import io.ltq.spark.task.ChildMain;
import io.ltq.spark.task.RunTask;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Fixtures of the sweep tests: tiny real runs on synthetic data, {@code ltq} called in this JVM,
 * and each configuration run alone with {@code ltq lottery} once, as the reference a sweep's run
 * must equal file for file.
 */
final class SweepFixtures {

    /**
     * The options every test run shares: LeNet-300-100, synthetic data, one level and the reinit
     * control. The sweeps add {@code --threads 1}, the engine threads of the runs alone.
     */
    static final List<String> BASE = List.of("--model", "lenet300", "--dataset", "synthetic",
            "--levels", "1", "--iterations", "100", "--eval-every", "50", "--batch-size", "32",
            "--train-limit", "1000", "--validation", "200", "--controls", "reinit");

    private static final Map<List<String>, Map<Path, String>> REFERENCES =
            new ConcurrentHashMap<>();

    private SweepFixtures() {}

    /** What {@code ltq} printed and returned. */
    record Result(int code, String out, String err) {}

    static Result ltq(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = Ltq.run(args.toArray(String[]::new), new PrintWriter(out, true),
                new PrintWriter(err, true));
        // Into the test's output file, for whoever reads a failure.
        System.out.printf("== ltq %s%n-- exit %d after %.1f s%n%s%s", String.join(" ", args),
                code, (System.nanoTime() - start) / 1e9, out, err);
        return new Result(code, out.toString(), err.toString());
    }

    static List<String> with(List<String> base, String... more) {
        List<String> out = new ArrayList<>(base);
        out.addAll(List.of(more));
        return out;
    }

    static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /**
     * Returns the fingerprints of a configuration run alone with {@code ltq lottery}, computed
     * once: in a JVM of its own with one engine thread, as a user would run it ({@code
     * OMP_NUM_THREADS=1 ltq lottery ...}) and as the sweeps of these tests run theirs.
     *
     * @param extra the options that differ from {@link #BASE}, e.g. {@code --seed 2}
     * @return every file's digest, as {@link KilledRunTest#fingerprints} gives them
     */
    static synchronized Map<Path, String> alone(String... extra) throws Exception {
        List<String> key = List.of(extra);
        Map<Path, String> known = REFERENCES.get(key);
        if (known != null) {
            return known;
        }
        Path root = tempDir("ltq-alone");
        Path out = root.resolve("run");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Doffline=true",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), "io.ltq.experiments.cli.Ltq",
                "lottery"));
        cmd.addAll(BASE);
        cmd.addAll(key);
        cmd.addAll(List.of("--quiet", "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(root.resolve("log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("MKL_NUM_THREADS", "1");
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "ltq lottery alone did not finish");
        assertEquals(p.exitValue(), 0, Files.readString(root.resolve("log")));
        Map<Path, String> prints = KilledRunTest.fingerprints(out);
        REFERENCES.put(key, prints);
        return prints;
    }

    /** A sweep run folder's fingerprints, without the sweep's own log. */
    static Map<Path, String> fingerprints(Path run) throws Exception {
        Map<Path, String> prints = KilledRunTest.fingerprints(run);
        prints.remove(Path.of(RunTask.LOG));
        return prints;
    }

    /** Waits until a file exists, failing the test after some seconds. */
    static void waitFor(Path file, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(Files.exists(file), file + " never appeared");
    }

    /**
     * The JVMs that run a folder's runs, among a process's descendants: ChildMain with the folder
     * in its command line, read whole from /proc (ProcessHandle.Info cuts long ones short).
     */
    static List<ProcessHandle> runJvms(ProcessHandle parent, Path folder) {
        return parent.descendants().filter(p -> {
            String cmd = commandLine(p);
            return cmd.contains(ChildMain.class.getName()) && cmd.contains(folder.toString());
        }).toList();
    }

    /** A process's whole command line, from /proc; empty once it has ended. */
    static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()),
                    "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** Packs a folder of classes and resources into a jar, as a build would. */
    static Path jar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream os = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(os, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString()
                        .replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * Returns the start of a command line for a JVM of its own that runs Spark (its JDK 17
     * flags), offline, with this JVM's temporary folder, on a class path; the main class and its
     * arguments follow.
     */
    static List<String> sparkJvm(String classPath) {
        return new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("src/main/jvm/spark-java17.args").toAbsolutePath(),
                "-Dai.djl.offline=true", "-Doffline=true",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", classPath));
    }
}

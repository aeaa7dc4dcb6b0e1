package io.ltq.spark;

import static io.ltq.spark.SweepFixtures.BASE;
import static io.ltq.spark.SweepFixtures.ltq;
import static io.ltq.spark.SweepFixtures.with;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.lottery.TinyRuns;
import io.ltq.spark.SweepFixtures.Result;
import io.ltq.spark.cluster.LoopbackCluster;
import io.ltq.spark.task.RunTask;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Sweeps on a real Spark standalone cluster: a master and two one-core workers on loopback, each
 * a JVM of its own, whose executors are launched from a {@code SPARK_HOME} holding Spark's jars
 * and nothing of LTQ's or DJL's. Everything LTQ needs reaches the executors only as a user ships
 * it (spark.jars, or spark-submit's primary jar and --jars), so the runs' own JVMs prove that the
 * executors' class path carries what they need. Both ways of driving a cluster are run: {@code
 * ltq sweep --master spark://...} and Spark's {@code SparkSubmit} (what {@code spark-submit}
 * runs); a worker is killed with SIGKILL while its run trains, and the sweep's driver too.
 * Every run's files must equal those of {@code ltq lottery} alone.
 */
public class ClusterSweepTest {

    private static final List<String> GRID = List.of("--seed", "1,2", "--rewind", "0");

    private Path root;
    private LoopbackCluster cluster;
    private List<Path> sparkJars;
    /** What the executors lack: LTQ's and DJL's jars, and folders of classes packed as jars. */
    private List<Path> shipped;
    /** ltq-spark's own classes, packed: spark-submit's primary jar. */
    private Path primary;

    @BeforeClass
    public void startCluster() throws Exception {
        root = SweepFixtures.tempDir("ltq-cluster");
        String classPath = System.getProperty("java.class.path");
        sparkJars = LoopbackCluster.sparkJarsOf(classPath);
        shipped = new ArrayList<>();
        Path ltqSpark = Path.of(SweepCommand.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        primary = ltqSpark;
        Path packed = Files.createDirectories(root.resolve("jars"));
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                Path jar = SweepFixtures.jar(p, packed.resolve("classes-" + shipped.size() + ".jar"));
                shipped.add(jar);
                if (p.equals(ltqSpark)) {
                    primary = jar;
                }
            } else if (Files.isRegularFile(p) && !sparkJars.contains(p)) {
                shipped.add(p);
            }
        }
        cluster = LoopbackCluster.builder()
                .setDirectory(root.resolve("cluster"))
                .setSparkJars(sparkJars)
                .optWorkers(2)
                .optMemoryPerWorker("2g")
                .optJavaOptions(List.of("@" + sparkArgs()))
                .build();
        cluster.start();
    }

    @AfterClass(alwaysRun = true)
    public void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        // Nothing the cluster or its sweeps started outlives it.
        List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> SweepFixtures.commandLine(p).contains(root.toString())).toList();
        assertTrue(left.isEmpty(), "left running: " + left.stream()
                .map(SweepFixtures::commandLine).toList());
        TinyRuns.deleteTree(root);
    }

    @Test(priority = 0)
    public void sparkSubmitRunsTheSweepOnTheCluster() throws Exception {
        Path out = root.resolve("submitted");
        List<String> cmd = SweepFixtures.sparkJvm(join(sparkJars, File.pathSeparator));
        cmd.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", cluster.masterUrl(),
                "--deploy-mode", "client", "--conf", "spark.driver.host=127.0.0.1",
                "--class", "io.ltq.experiments.cli.Ltq",
                "--jars", join(shipped.stream().filter(j -> !j.equals(primary)).toList(), ","),
                primary.toString()));
        // spark-submit chooses the master and ships the jars.
        cmd.addAll(with(with(with(List.of("sweep"), BASE.toArray(String[]::new)),
                GRID.toArray(String[]::new)), "--threads", "1", "--out", out.toString()));
        Path log = root.resolve("submit.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "spark-submit did not finish");
        assertEquals(p.exitValue(), 0, Files.readString(log));
        assertTrue(Files.readString(log).contains("on " + cluster.masterUrl()),
                Files.readString(log));
        assertEqualsAlone(out);
    }

    @Test(priority = 1)
    public void theDriverKilledTakesItsRunsWithItAndTheRerunFinishes() throws Exception {
        Path out = root.resolve("driver-killed");
        List<String> cmd = SweepFixtures.sparkJvm(System.getProperty("java.class.path"));
        cmd.add("io.ltq.experiments.cli.Ltq");
        cmd.addAll(sweepArgs(out));
        Path log = root.resolve("driver.log");
        Process driver = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Path run = out.resolve("seed-1");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(run.resolve("level_00/summary.json")) && driver.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(driver.isAlive(), "the sweep ended first: " + Files.readString(log));
        assertFalse(Files.exists(run.resolve("level_01/reinit/summary.json")));
        // The runs' JVMs are the workers' descendants, not the driver's.
        List<ProcessHandle> runs = new ArrayList<>(SweepFixtures.runJvms(cluster.worker(1), out));
        runs.addAll(SweepFixtures.runJvms(cluster.worker(2), out));
        assertEquals(runs.size(), 2, "both runs' JVMs are running");
        driver.destroyForcibly(); // SIGKILL
        driver.waitFor();

        // The master ends the application, the workers kill its executors, the runs halt.
        long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (runs.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < gone) {
            Thread.sleep(50);
        }
        assertFalse(runs.stream().anyMatch(ProcessHandle::isAlive), "runs outlived their sweep");
        Result r = ltq(sweepArgs(out));
        assertEquals(r.code(), 0, r.err());
        assertEqualsAlone(out);
        assertTrue(Files.readString(run.resolve(RunTask.LOG))
                .contains("level  0 ticket       already finished, skipped"),
                Files.readString(run.resolve(RunTask.LOG)));
    }

    /** Last: it leaves the cluster one worker. */
    @Test(priority = 2)
    public void aWorkerKilledWhileItsRunTrainsIsReplacedByTheOther() throws Exception {
        Path out = root.resolve("worker-killed");
        CompletableFuture<Result> sweep = CompletableFuture.supplyAsync(() -> ltq(sweepArgs(out)));
        Path victim = out.resolve("seed-1");
        SweepFixtures.waitFor(victim.resolve("level_00/mask.npz"), 180);
        int worker = SweepFixtures.runJvms(cluster.worker(1), victim).isEmpty() ? 2 : 1;
        ProcessHandle dying = cluster.worker(worker);
        assertEquals(SweepFixtures.runJvms(dying, victim).size(), 1, "one JVM runs " + victim);
        assertFalse(Files.exists(victim.resolve("level_01/reinit/summary.json")));
        // As a machine dies: the worker, its executor and the run's JVM at once.
        List<ProcessHandle> machine = new ArrayList<>(dying.descendants().toList());
        machine.add(dying);
        machine.forEach(ProcessHandle::destroyForcibly);

        Result r = sweep.get(5, TimeUnit.MINUTES);
        assertEquals(r.code(), 0, r.err());
        assertTrue(r.err().contains("[failed] seed-1"), r.err());
        assertTrue(r.err().contains("[start ] seed-1 attempt 2"), r.err());
        assertEquals(cluster.aliveWorkers(), 1);
        assertEqualsAlone(out);
    }

    private List<String> sweepArgs(Path out) {
        List<String> args = with(with(List.of("sweep"), BASE.toArray(String[]::new)),
                GRID.toArray(String[]::new));
        return with(args, "--threads", "1", "--master", cluster.masterUrl(),
                "--conf", "spark.jars=" + join(shipped, ","),
                "--conf", "spark.driver.host=127.0.0.1", "--out", out.toString());
    }

    private static void assertEqualsAlone(Path out) throws Exception {
        for (String seed : List.of("1", "2")) {
            assertEquals(SweepFixtures.fingerprints(out.resolve("seed-" + seed)),
                    SweepFixtures.alone("--seed", seed, "--rewind", "0"), "seed " + seed);
        }
    }

    private static Path sparkArgs() {
        return Path.of("src/main/jvm/spark-java17.args").toAbsolutePath();
    }

    private static String join(List<Path> paths, String separator) {
        return String.join(separator, paths.stream().map(Path::toString).toList());
    }
}

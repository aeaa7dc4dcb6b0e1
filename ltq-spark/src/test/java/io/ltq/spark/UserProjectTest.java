package io.ltq.spark;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ltq.experiments.lottery.KilledRunTest;
import io.ltq.experiments.lottery.TinyRuns;
import io.ltq.files.Float32Npz;
import io.ltq.mask.Mask;
import io.ltq.mask.MaskSet;
import io.ltq.mask.NpzMasks;
import io.ltq.spark.index.SweepIndex;
import io.ltq.spark.task.RunTask;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * A user's DJL project that LTQ has never seen, compiled apart from LTQ's sources at test time
 * (its sources are test resources under {@code user-project/}) into a jar of its own: a residual
 * network with batch norm used by class name ({@code --model com.acme.ResidualNet}), an {@code
 * LtqExtension} adding the {@code acme-l1} pruner (written with {@code PrunerBuilder} and {@code
 * PrunePlan}) and the {@code acme_scramble} control, and a pruner that fails once. Every command
 * runs in a JVM of its own with the jar on the class path, as {@code LTQ_CLASSPATH=acme.jar ./ltq}
 * would, on a folder of PNG images ({@code --dataset image-folder}): listing, IMP with both
 * controls on both engines, SIGKILL and resume, stability and report, the refusals of a changed
 * network and of a missing jar, and sweeps, one of them with an internal failure that Spark
 * retries.
 */
public class UserProjectTest {

    private static final String NET = "com.acme.ResidualNet";
    private static final List<String> CLASSES = List.of("bars", "columns", "square");
    private static final int SIDE = 8;
    private static final long MINUTES = 4;

    /** The settings of every run of (b), (c) and (e): acme-l1 and both controls. */
    private static final List<String> RUN = List.of("--model", NET, "--dataset", "image-folder",
            "--pruner", "acme-l1", "--iterations", "30", "--eval-every", "10", "--validation",
            "10", "--batch-size", "8", "--lr", "0.01", "--controls", "both", "--quiet");

    private Path root;
    private Path userJar;
    private Path otherJar;
    private Path data;
    private Path childTmp;
    private final List<Process> started = new CopyOnWriteArrayList<>();
    private final Map<Process, Integer> logNumbers = new ConcurrentHashMap<>();
    private final AtomicInteger logs = new AtomicInteger();

    /** What a child {@code ltq} printed and returned. */
    record Result(int code, String out, String err) {

        String all() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    @BeforeClass
    public void compileTheUserProjectAndWriteImages() throws Exception {
        root = Files.createTempDirectory("ltq-user-project");
        childTmp = Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(root.resolve("cwd"));
        Files.createDirectories(root.resolve("logs"));
        Path sources = resource("/user-project/src");
        userJar = compile(sources, root.resolve("acme.jar"), s -> s);
        // The same project with wider convolutions: what a changed network looks like.
        otherJar = compile(sources, root.resolve("acme-wide.jar"),
                s -> s.replace("CHANNELS = 4;", "CHANNELS = 6;"));
        data = writeImages(root.resolve("images"));
    }

    @AfterClass(alwaysRun = true)
    public void cleanUp() throws IOException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (root != null && Files.exists(root)) {
            TinyRuns.deleteTree(root);
        }
    }

    // ---------------------------------------------------------------------------------------
    // (a) ltq list

    @Test
    public void listShowsTheJarsPiecesWithTheJar() throws Exception {
        Result r = ltq(withJar(userJar), "list");
        assertEquals(r.code(), 0, r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith("acme-l1")
                && l.strip().endsWith(userJar.toString())), r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith("acme_scramble")
                && l.strip().endsWith(userJar.toString())), r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith("magnitude")
                && l.strip().endsWith("bundled")), r.all());
    }

    // ---------------------------------------------------------------------------------------
    // (b) IMP with both controls on both engines

    private Path reference(String engine) {
        return root.resolve("lottery-" + engine);
    }

    /** {@code ltq lottery} with two levels. */
    private List<String> lottery(String engine, Path out) {
        return lottery(engine, out, 2);
    }

    private List<String> lottery(String engine, Path out, int levels) {
        List<String> args = new ArrayList<>(List.of("lottery"));
        args.addAll(RUN);
        args.addAll(List.of("--levels", Integer.toString(levels), "--data", data.toString(),
                "--engine", engine, "--out", out.toString()));
        return args;
    }

    @Test
    public void lotteryOnBothEngines() throws Exception {
        // Both engines at once: each JVM trains on one thread.
        Process pt = start(withJar(userJar), lottery("PyTorch", reference("PyTorch")));
        Process mx = start(withJar(userJar), lottery("MXNet", reference("MXNet")));
        Result rpt = finish(pt);
        Result rmx = finish(mx);
        assertEquals(rpt.code(), 0, rpt.all());
        assertEquals(rmx.code(), 0, rmx.all());
        for (String engine : List.of("PyTorch", "MXNet")) {
            checkRun(engine, reference(engine));
        }
        // LTQ drew θ0 of the user's network itself, from the seed: the same on both engines.
        assertEquals(Files.readAllBytes(reference("MXNet").resolve("init.npz")),
                Files.readAllBytes(reference("PyTorch").resolve("init.npz")));
    }

    private void checkRun(String engine, Path run) throws IOException {
        JsonObject json = json(run.resolve("run.json"));
        JsonObject config = json.getAsJsonObject("config");
        assertEquals(config.getAsJsonObject("network").get("model").getAsString(), NET);
        assertEquals(config.getAsJsonObject("network").get("engine").getAsString(), engine);
        assertEquals(config.getAsJsonObject("pruning").get("pruner").getAsString(), "acme-l1");
        assertEquals(config.getAsJsonObject("data").get("dataset").getAsString(),
                "image-folder");
        JsonObject arch = json.getAsJsonObject("architecture");
        assertEquals(arch.get("network").getAsString(), NET, arch.toString());
        assertEquals(arch.get("block").getAsString(), NET, arch.toString());
        assertEquals(arch.get("numClasses").getAsInt(), CLASSES.size());
        assertEquals(arch.getAsJsonArray("exampleShape").toString(), "[3," + SIDE + "," + SIDE
                + "]");
        JsonObject params = arch.getAsJsonObject("parameters");
        long norms = params.keySet().stream().filter(k -> k.contains("BatchNorm")).count();
        // Three batch norms, each with gamma, beta and two running statistics.
        assertEquals(norms, 12L, params.toString());
        assertTrue(params.keySet().stream().anyMatch(k -> k.endsWith("BatchNorm_runningMean")),
                params.toString());
        assertEquals(params.getAsJsonArray(firstConv(params)).toString(), "[4,3,3,3]");
        // The convolutions of the residual block and the output layer are counted.
        assertEquals(arch.getAsJsonArray("layers").size(), 4, arch.toString());

        for (int level = 0; level <= 2; level++) {
            assertTrue(Files.exists(run.resolve(levelDir(level)).resolve("summary.json")),
                    "level " + level);
        }
        for (String control : List.of("reinit", "random_prune")) {
            for (int level = 1; level <= 2; level++) {
                assertTrue(Files.exists(run.resolve(levelDir(level)).resolve(control)
                        .resolve("summary.json")), control + " " + level);
            }
        }
        // The images are easy: the dense network learns them.
        JsonObject dense = json(run.resolve("level_00/summary.json"));
        assertTrue(dense.get("earlyStopTestAccuracy").getAsDouble() >= 0.9, dense.toString());

        MaskSet previous = null;
        for (int level = 0; level <= 3; level++) {
            MaskSet masks = NpzMasks.read(run.resolve(levelDir(level)).resolve("mask.npz"));
            assertEquals(masks.names().size(), 4, masks.names().toString());
            if (previous != null) {
                assertTrue(masks.isSubsetOf(previous), "level " + level);
                assertTrue(masks.countKept() < previous.countKept(), "level " + level);
                checkAcmeL1(run, level - 1, previous, masks);
            } else {
                assertEquals(masks.countKept(), masks.totalWeights(), "level 0 is dense");
            }
            if (level <= 2) {
                checkPrunedWeightsAreZero(run, level, masks);
            }
            previous = masks;
        }
        // The random-pruning control keeps as many weights per layer as the ticket.
        for (int level = 1; level <= 2; level++) {
            MaskSet ticket = NpzMasks.read(run.resolve(levelDir(level)).resolve("mask.npz"));
            MaskSet random = NpzMasks.read(run.resolve(levelDir(level))
                    .resolve("random_prune/mask.npz"));
            for (String name : ticket.names()) {
                assertEquals(random.get(name).countKept(), ticket.get(name).countKept(), name);
            }
            assertFalse(random.equals(ticket), "level " + level);
        }
    }

    private static String firstConv(JsonObject params) {
        return params.keySet().stream().filter(k -> k.contains("Conv2d_weight")).findFirst()
                .orElseThrow(() -> new AssertionError("no convolution in " + params));
    }

    /**
     * acme-l1 at the preset's rates: each convolution loses 20% of its survivors and the output
     * layer 10% (PrunePlan's rounding), those of the smallest |w| after training.
     */
    private static void checkAcmeL1(Path run, int level, MaskSet before, MaskSet after)
            throws IOException {
        Map<String, Float32Npz.Tensor> trained = Float32Npz.read(
                run.resolve(levelDir(level)).resolve("trained.npz"));
        for (String name : before.names()) {
            Mask was = before.get(name);
            Mask now = after.get(name);
            double rate = name.contains("Linear") ? 0.1 : 0.2;
            long remaining = was.countKept();
            assertEquals(now.countKept(), remaining - Math.round(rate * remaining),
                    name + " at level " + (level + 1));
            float[] w = trained.get(name).values();
            double maxPruned = 0;
            double minKept = Double.MAX_VALUE;
            for (int i = 0; i < w.length; i++) {
                if (now.isKept(i)) {
                    minKept = Math.min(minKept, Math.abs(w[i]));
                } else if (was.isKept(i)) {
                    maxPruned = Math.max(maxPruned, Math.abs(w[i]));
                }
            }
            assertTrue(maxPruned <= minKept, name + ": pruned |w| up to " + maxPruned
                    + ", kept from " + minKept);
        }
    }

    private static void checkPrunedWeightsAreZero(Path run, int level, MaskSet masks)
            throws IOException {
        Path file = run.resolve(levelDir(level)).resolve("trained.npz");
        assertTrue(Files.exists(file), file.toString());
        Map<String, Float32Npz.Tensor> trained = Float32Npz.read(file);
        for (String name : masks.names()) {
            Mask m = masks.get(name);
            Float32Npz.Tensor t = trained.get(name);
            assertNotNull(t, name + " in " + file + ": " + trained.keySet());
            assertTrue(Arrays.equals(t.shape(), m.getShape()), name);
            List<Float> nonZero = new ArrayList<>();
            for (int i = 0; i < t.values().length; i++) {
                // == 0: masking leaves -0.0 where a negative weight was pruned.
                if (!m.isKept(i) && t.values()[i] != 0) {
                    nonZero.add(t.values()[i]);
                }
            }
            assertEquals(nonZero, List.of(), name + " of level " + level + ": pruned weights");
        }
    }

    // ---------------------------------------------------------------------------------------
    // A block with a forward method of its own

    @Test
    public void aBlockWithItsOwnForward() throws Exception {
        Path run = root.resolve("skipnet");
        Result r = ltq(withJar(userJar), "lottery", "--model", "com.acme.SkipNet", "--dataset",
                "image-folder", "--data", data.toString(), "--pruner", "acme-l1", "--levels", "1",
                "--iterations", "10", "--eval-every", "10", "--validation", "10", "--batch-size",
                "8", "--controls", "reinit", "--quiet", "--engine", "MXNet", "--out",
                run.toString());
        assertEquals(r.code(), 0, r.all());
        assertTrue(Files.exists(run.resolve("level_01/reinit/summary.json")), r.all());
        JsonObject arch = json(run.resolve("run.json")).getAsJsonObject("architecture");
        // Per example: each convolution's weights at every pixel, the output layer's once.
        List<String> layers = new ArrayList<>();
        for (JsonElement e : arch.getAsJsonArray("layers")) {
            JsonObject l = e.getAsJsonObject();
            layers.add(l.get("path").getAsString() + " " + l.get("type").getAsString() + " "
                    + l.get("weights").getAsLong() + " " + l.get("flops").getAsLong());
        }
        assertEquals(layers, List.of("01conv1_weight conv 108 6912",
                "03conv2_weight conv 144 9216", "05output_weight linear 12 12"));
    }

    // ---------------------------------------------------------------------------------------
    // (c) SIGKILL during level 1, rerun: the files of the uninterrupted run

    @Test(dependsOnMethods = "lotteryOnBothEngines")
    public void killedAndRerunEqualsUninterrupted() throws Exception {
        Path run = root.resolve("killed-PyTorch");
        Process p = start(withJar(userJar), lottery("PyTorch", run));
        Path marker = run.resolve("level_00/summary.json");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(MINUTES);
        while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        if (!p.isAlive()) {
            fail("the run ended before level 1 started: " + finish(p).all());
        }
        p.destroyForcibly(); // SIGKILL
        p.waitFor();
        assertTrue(Files.exists(marker), "level 0 never finished");
        assertEquals(p.exitValue(), 137, "killed by SIGKILL");
        assertFalse(Files.exists(run.resolve("level_02/random_prune/summary.json")));

        Result again = ltq(withJar(userJar), lottery("PyTorch", run));
        assertEquals(again.code(), 0, again.all());
        Map<Path, String> expected = runFiles(reference("PyTorch"));
        Map<Path, String> got = runFiles(run);
        assertEquals(got.keySet(), expected.keySet());
        assertEquals(got, expected);
        // Every mask, weight file and metrics file is among those compared byte for byte.
        assertTrue(got.keySet().stream().filter(f -> f.endsWith("mask.npz")).count() >= 6,
                got.keySet().toString());
        assertTrue(got.containsKey(Path.of("level_02/trained.params")), got.keySet().toString());
        assertTrue(got.containsKey(Path.of("level_02/random_prune/metrics.csv")),
                got.keySet().toString());
    }

    /** A run's own files: what the analyses of (d) add is left out. */
    private static Map<Path, String> runFiles(Path run) throws Exception {
        Map<Path, String> prints = new TreeMap<>(KilledRunTest.fingerprints(run));
        prints.keySet().removeIf(p -> p.startsWith("stability") || p.startsWith("report"));
        return prints;
    }

    // ---------------------------------------------------------------------------------------
    // (d) stability and report

    @Test(dependsOnMethods = "lotteryOnBothEngines")
    public void stabilityAndReport() throws Exception {
        Path run = reference("PyTorch");
        Result s = ltq(withJar(userJar), "stability", run.toString(), "--k", "0,5", "--level",
                "1", "--points", "5", "--data", data.toString(), "--quiet");
        assertEquals(s.code(), 0, s.all());
        for (String k : List.of("k_000000", "k_000005")) {
            Path summary = run.resolve("stability/level_01").resolve(k).resolve("summary.json");
            assertTrue(Files.exists(summary), summary.toString());
            assertEquals(Files.readAllLines(summary.resolveSibling("interpolation.csv")).size(),
                    6, k);
        }
        assertTrue(s.out().contains("test barrier"), s.all());

        // The report reads the recorded architecture: the user's class is not needed.
        Result r = ltq(List.of(), "report", run.toString());
        assertEquals(r.code(), 0, r.all());
        Path page = run.resolve("report/report.html");
        assertTrue(Files.exists(page), r.all());
        assertTrue(Files.readString(page).contains(NET), "the report names the network");
    }

    // ---------------------------------------------------------------------------------------
    // (e) refusals: one sentence, exit 2, nothing written

    @Test(dependsOnMethods = "lotteryOnBothEngines")
    public void aChangedNetworkIsRefused() throws Exception {
        Path run = reference("MXNet");
        Map<Path, String> before = TinyRuns.digests(run);
        Result r = ltq(withJar(otherJar), lottery("MXNet", run, 3));
        String err = oneSentence(r);
        assertTrue(err.contains(run.toString()), err);
        assertTrue(err.contains("another " + NET), err);
        assertTrue(err.contains("[4, 3, 3, 3] → [6, 3, 3, 3]"), err);
        assertTrue(err.contains("Conv2d_weight"), err);
        assertEquals(TinyRuns.digests(run), before, "nothing written");
        assertFalse(Files.exists(run.resolve("level_03/summary.json")));
    }

    @Test(dependsOnMethods = "lotteryOnBothEngines")
    public void aMissingJarIsRefused() throws Exception {
        Path run = reference("MXNet");
        Map<Path, String> before = TinyRuns.digests(run);
        Result r = ltq(List.of(), "stability", run.toString(), "--k", "0,5", "--level", "1",
                "--points", "5", "--data", data.toString(), "--quiet");
        String err = oneSentence(r);
        assertTrue(err.contains(NET), err);
        assertTrue(err.contains("is not on the class path"), err);
        assertTrue(err.contains("LTQ_CLASSPATH"), err);
        assertTrue(err.contains(run.toString()), err);
        assertEquals(TinyRuns.digests(run), before, "nothing written");
        assertFalse(Files.exists(run.resolve("stability")));
    }

    private static String oneSentence(Result r) {
        assertEquals(r.code(), 2, r.all());
        String err = r.err().strip();
        assertEquals(err.lines().count(), 1L, r.all());
        assertTrue(err.startsWith("ltq: "), err);
        assertFalse(err.contains("Exception"), err);
        return err;
    }

    // ---------------------------------------------------------------------------------------
    // (f), (g) sweeps

    private List<String> sweep(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", "--model", NET, "--dataset",
                "image-folder", "--data", data.toString(), "--levels", "1", "--iterations", "20",
                "--eval-every", "10", "--validation", "10", "--batch-size", "8", "--lr", "0.01",
                "--threads", "1", "--out", out.toString()));
        args.addAll(List.of(more));
        return args;
    }

    /** The JVM options of a sweep's runs: their temporary files in this test's folder. */
    private String runJvmOptions() {
        return "-XX:-UsePerfData -Djava.io.tmpdir=" + childTmp;
    }

    @Test
    public void sweepOverBothEngines() throws Exception {
        Path out = root.resolve("sweep");
        Result r = ltqSweep(sweep(out, "--pruner", "acme-l1", "--engine", "PyTorch,MXNet",
                "--controls", "acme_scramble", "--java-opts", runJvmOptions()));
        assertEquals(r.code(), 0, r.all());
        assertTrue(r.err().contains("[sweep ] 2/2 runs finished"), r.all());
        JsonArray runs = json(out.resolve(SweepIndex.FILE)).getAsJsonArray("runs");
        assertEquals(runs.size(), 2, runs.toString());
        for (JsonElement e : runs) {
            JsonObject entry = e.getAsJsonObject();
            assertEquals(entry.get("status").getAsString(), "finished", entry.toString());
            assertEquals(entry.get("attempts").getAsInt(), 1, entry.toString());
            String name = entry.get("name").getAsString();
            Path run = out.resolve(name);
            String engine = name.substring(name.indexOf('-') + 1);
            JsonObject config = json(run.resolve("run.json")).getAsJsonObject("config");
            assertEquals(config.getAsJsonObject("network").get("engine").getAsString(), engine);
            assertEquals(config.getAsJsonObject("network").get("model").getAsString(), NET);
            assertEquals(config.getAsJsonObject("pruning").get("pruner").getAsString(),
                    "acme-l1");
            assertEquals(config.getAsJsonObject("pruning").getAsJsonArray("controls")
                    .toString(), "[\"acme_scramble\"]");
            assertTrue(Files.exists(run.resolve("level_01/summary.json")), name);
            // The jar's control trained on its own mask: a random one of the ticket's counts.
            MaskSet ticket = NpzMasks.read(run.resolve("level_01/mask.npz"));
            MaskSet scrambled = NpzMasks.read(run.resolve("level_01/acme_scramble/mask.npz"));
            assertTrue(Files.exists(run.resolve("level_01/acme_scramble/summary.json")), name);
            assertEquals(scrambled.countKept(), ticket.countKept(), name);
            assertFalse(scrambled.equals(ticket), name);
        }
        assertEquals(runs.get(0).getAsJsonObject().get("name").getAsString()
                + runs.get(1).getAsJsonObject().get("name").getAsString(),
                "engine-PyTorchengine-MXNet");
    }

    @Test
    public void anInternalFailureIsRetriedAndResumes() throws Exception {
        Path out = root.resolve("flaky");
        Path marker = root.resolve("flaky.marker");
        Result r = ltqSweep(sweep(out, "--pruner", "com.acme.FlakyPruner", "--engine", "PyTorch",
                "--controls", "none", "--retries", "1", "--java-opts",
                "-Dacme.marker=" + marker + " " + runJvmOptions()));
        assertEquals(r.code(), 0, r.all());
        assertTrue(Files.exists(marker), "the pruner failed once");
        Path run = out.resolve("run");
        String log = Files.readString(run.resolve(RunTask.LOG));
        int second = log.indexOf("attempt 2");
        assertTrue(log.contains("attempt 1") && second > 0, log);
        String first = log.substring(0, second);
        String retry = log.substring(second);
        assertTrue(first.contains("java.lang.IllegalStateException: injected internal failure"),
                log);
        assertTrue(first.contains("at com.acme.FlakyPruner.prune("), log);
        assertTrue(first.contains("== exit code 1 "), log);
        // The retry resumed the folder: the finished dense level was read back.
        assertTrue(retry.contains("level  0 ticket       already finished, skipped"), log);
        assertFalse(retry.contains("Exception"), log);
        assertTrue(retry.contains("== exit code 0 "), log);
        JsonObject entry = json(out.resolve(SweepIndex.FILE)).getAsJsonArray("runs").get(0)
                .getAsJsonObject();
        assertEquals(entry.get("status").getAsString(), "finished", entry.toString());
        assertEquals(entry.get("attempts").getAsInt(), 2, entry.toString());
        assertEquals(json(run.resolve("run.json")).getAsJsonObject("config")
                .getAsJsonObject("pruning").get("pruner").getAsString(),
                "com.acme.FlakyPruner");
        assertTrue(Files.exists(run.resolve("level_01/summary.json")));
        assertTrue(r.err().contains("[failed] run"), r.all());
    }

    // ---------------------------------------------------------------------------------------
    // Child JVMs

    private static List<Path> withJar(Path jar) {
        return List.of(jar);
    }

    private static String classPath(List<Path> jars) {
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        jars.forEach(j -> cp.append(File.pathSeparator).append(j));
        return cp.toString();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Result ltq(List<Path> jars, String... args) throws Exception {
        return ltq(jars, List.of(args));
    }

    private Result ltq(List<Path> jars, List<String> args) throws Exception {
        return finish(start(jars, args));
    }

    /** {@code ltq sweep} in a JVM of its own, with Spark's JVM options, as ./ltq starts it. */
    private Result ltqSweep(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(),
                "@" + Path.of("src/main/jvm/spark-java17.args").toAbsolutePath()));
        return finish(launch(cmd, List.of(userJar), args));
    }

    private Process start(List<Path> jars, List<String> args) throws IOException {
        return launch(new ArrayList<>(List.of(java())), jars, args);
    }

    private Process launch(List<String> cmd, List<Path> jars, List<String> args)
            throws IOException {
        // No hsperfdata file in /tmp, which a JVM killed with SIGKILL would leave behind.
        cmd.addAll(List.of("-XX:-UsePerfData", "-Djava.io.tmpdir=" + childTmp,
                "-Dai.djl.offline=true",
                "-Doffline=true", "-cp", classPath(jars), "io.ltq.experiments.cli.Ltq"));
        cmd.addAll(args);
        int n = logs.incrementAndGet();
        Path out = root.resolve("logs").resolve(n + ".out");
        Path err = root.resolve("logs").resolve(n + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.resolve("cwd").toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("MKL_NUM_THREADS", "1");
        System.out.println("== [" + n + "] ltq " + String.join(" ", args));
        Process p = pb.start();
        started.add(p);
        logNumbers.put(p, n);
        return p;
    }

    private Result finish(Process p) throws Exception {
        long start = System.nanoTime();
        if (!p.waitFor(MINUTES, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        int n = logNumbers.get(p);
        Path logDir = root.resolve("logs");
        String out = Files.readString(logDir.resolve(n + ".out"));
        String err = Files.readString(logDir.resolve(n + ".err"));
        Result r = new Result(p.exitValue(), out, err);
        // Into the test's output file, for whoever reads a failure.
        System.out.printf(Locale.ROOT, "-- [%d] exit %d (%.1f s more)%n%s%s", n, r.code(),
                (System.nanoTime() - start) / 1e9, out, err);
        return r;
    }

    // ---------------------------------------------------------------------------------------
    // The user's jar and images

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(UserProjectTest.class.getResource(name).toURI());
    }

    /** Compiles the project's sources against LTQ's and DJL's jars and packs them in a jar. */
    private Path compile(Path sources, Path jar, java.util.function.UnaryOperator<String> edit)
            throws IOException {
        Path src = Files.createDirectories(root.resolve("src-" + jar.getFileName()));
        Path classes = Files.createDirectories(root.resolve("classes-" + jar.getFileName()));
        List<Path> javaFiles = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rel = sources.relativize(f);
                if (f.toString().endsWith(".java")) {
                    Path copy = src.resolve(rel.toString());
                    Files.createDirectories(copy.getParent());
                    Files.writeString(copy, edit.apply(Files.readString(f)));
                    javaFiles.add(copy);
                } else {
                    Path copy = classes.resolve(rel.toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(f, copy);
                }
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests need a JDK");
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(problems, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, fm, problems, List.of("--release", "17",
                    "-classpath", System.getProperty("java.class.path"), "-d",
                    classes.toString(), "-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(javaFiles)).call();
            assertTrue(ok, "the user project does not compile: " + problems.getDiagnostics());
        }
        return SweepFixtures.jar(classes, jar);
    }

    /**
     * Three classes of 8x8 colour images a small network tells apart: red rows at the top, green
     * columns at the left, a blue square in the middle, on noise.
     */
    private static Path writeImages(Path folder) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        for (String split : List.of("train", "test")) {
            int count = split.equals("train") ? 20 : 8;
            for (int c = 0; c < CLASSES.size(); c++) {
                Path dir = Files.createDirectories(folder.resolve(split).resolve(CLASSES.get(c)));
                for (int i = 0; i < count; i++) {
                    BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < SIDE; y++) {
                        for (int x = 0; x < SIDE; x++) {
                            int r = random.nextInt(60);
                            int g = random.nextInt(60);
                            int b = random.nextInt(60);
                            if (c == 0 && y < 3) {
                                r += 180;
                            } else if (c == 1 && x < 3) {
                                g += 180;
                            } else if (c == 2 && x >= 2 && x < 6 && y >= 2 && y < 6) {
                                b += 180;
                            }
                            img.setRGB(x, y, (r << 16) | (g << 8) | b);
                        }
                    }
                    ImageIO.write(img, "png", dir.resolve(String.format(Locale.ROOT,
                            "%03d.png", i)).toFile());
                }
            }
        }
        return folder;
    }

    // ---------------------------------------------------------------------------------------

    private static String levelDir(int level) {
        return String.format(Locale.ROOT, "level_%02d", level);
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }
}

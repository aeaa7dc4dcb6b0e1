package io.ltq.spark;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.lottery.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/**
 * {@code ltq cluster} as a user runs it: its refusals, and the command itself in a JVM of its
 * own, up until it prints its master and stopped as Ctrl-C stops it (SIGTERM), leaving no JVM.
 */
public class ClusterCommandTest {

    @Test
    public void aFolderInUseIsRefusedAndTheAdviceWorks() throws Exception {
        Path root = SweepFixtures.tempDir("ltq-cluster-cmd");
        Path dir = Files.createDirectories(root.resolve("cluster"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        SweepBadInputTest.oneSentence(List.of("cluster", "--dir", dir.toString()),
                "is not empty");
        assertEquals(Files.readString(dir.resolve("notes.txt")), "mine");
        SweepBadInputTest.oneSentence(List.of("cluster", "--dir", dir.resolve("notes.txt")
                .toString()), "is a file");
        SweepBadInputTest.oneSentence(List.of("cluster", "--dir", root.resolve("new").toString(),
                "--workers", "0"), "at least one worker");
        assertTrue(Files.notExists(root.resolve("new")));

        // The advice: delete the folder. Then the cluster starts; SIGTERM stops all of it.
        TinyRuns.deleteTree(dir);
        List<String> cmd = SweepFixtures.sparkJvm(System.getProperty("java.class.path"));
        cmd.addAll(List.of("io.ltq.experiments.cli.Ltq", "cluster", "--dir", dir.toString(),
                "--workers", "1"));
        Path log = root.resolve("cluster.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(log).contains("Ctrl-C stops the cluster")
                    && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String printed = Files.readString(log);
            assertTrue(printed.contains("ltq cluster: master spark://127.0.0.1:")
                    && printed.contains("with 1 worker(s)"), printed);
            List<ProcessHandle> jvms = p.descendants().toList();
            assertEquals(jvms.size(), 2, "a master and a worker");
            p.destroy(); // SIGTERM, as Ctrl-C
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ltq cluster did not stop");
            for (ProcessHandle jvm : jvms) {
                jvm.onExit().get(30, TimeUnit.SECONDS);
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        TinyRuns.deleteTree(root);
    }
}

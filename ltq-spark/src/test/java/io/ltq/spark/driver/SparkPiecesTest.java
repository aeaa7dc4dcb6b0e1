package io.ltq.spark.driver;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.UserMistakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.testng.annotations.Test;

/** Masters, Spark settings, the executors' write probe and the reading of a job's failure. */
public class SparkPiecesTest {

    @Test
    public void mastersAreRead() {
        assertEquals(SparkMaster.local(4, 3).url(), "local[4,3]");
        assertEquals(SparkMaster.parse("local[2,4]").localMaxFailures(), 4);
        assertEquals(SparkMaster.parse("local[2]").localMaxFailures(), 1);
        assertEquals(SparkMaster.parse("local[*]").localCores(16), 16);
        assertEquals(SparkMaster.parse("local").localCores(16), 1);
        assertEquals(SparkMaster.parse("spark://a:7077,b:7077").kind(),
                SparkMaster.Kind.STANDALONE);
        assertEquals(SparkMaster.parse("k8s://https://api:6443").kind(),
                SparkMaster.Kind.KUBERNETES);
        assertEquals(SparkMaster.parse("yarn").kind(), SparkMaster.Kind.YARN);
    }

    @Test
    public void settingsKeepOneWriterPerRunFolder() {
        SparkConf conf = SparkSettings.builder().setMaster(SparkMaster.local(4, 3)).setThreads(2)
                .setMaxFailures(3).optGpusPerRun(1.0)
                .optConf(java.util.List.of("spark.executor.memory=8g")).build();
        assertEquals(conf.get("spark.master"), "local[4,3]");
        assertEquals(conf.get("spark.task.cpus"), "2");
        assertEquals(conf.get("spark.task.maxFailures"), "3");
        assertEquals(conf.get("spark.speculation"), "false");
        assertEquals(conf.get("spark.ui.enabled"), "false");
        assertEquals(conf.get("spark.task.resource.gpu.amount"), "1.0");
        assertEquals(conf.get("spark.executor.memory"), "8g");
        assertEquals(conf.get("spark.log.level"), "WARN");
        assertFalse(conf.contains("spark.executor.memoryOverhead"), "local mode has none");
    }

    @Test
    public void onAClusterEachRunsJvmIsCountedInTheExecutorsOverhead() {
        SparkConf four = SparkSettings.builder().setMaster(SparkMaster.parse("spark://h:7077"))
                .setThreads(1).optConf(java.util.List.of("spark.executor.cores=4")).build();
        assertEquals(four.get("spark.executor.memoryOverhead"),
                4 * SparkSettings.RUN_MEMORY_MB + "m");
        SparkConf two = SparkSettings.builder().setMaster(SparkMaster.parse("yarn"))
                .setThreads(2).optConf(java.util.List.of("spark.executor.cores=4")).build();
        assertEquals(two.get("spark.executor.memoryOverhead"),
                2 * SparkSettings.RUN_MEMORY_MB + "m");
        SparkConf own = SparkSettings.builder().setMaster(SparkMaster.parse("spark://h:7077"))
                .optConf(java.util.List.of("spark.executor.memoryOverhead=3g")).build();
        assertEquals(own.get("spark.executor.memoryOverhead"), "3g");
    }

    @Test
    public void executorsThatCannotWriteTheFolderAreNamed() throws Exception {
        Path file = Files.createTempFile("ltq-not-a-folder", "");
        SparkConf conf = SparkSettings.builder().setMaster(SparkMaster.local(2, 1)).build();
        try (SparkSweep spark = SparkSweep.start(conf, new SparkListener() {})) {
            spark.checkExecutorsWrite(Files.createTempDirectory("ltq-ok"));
            UserMistakeException e = org.testng.Assert.expectThrows(
                    UserMistakeException.class,
                    () -> spark.checkExecutorsWrite(file.resolve("sweep")));
            assertTrue(e.getMessage().contains("cannot be used by every executor"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("cannot be created"), e.getMessage());
            assertTrue(e.getMessage().contains("a mount all executors share"), e.getMessage());
        }
    }

    @Test
    public void aJobsFailureIsTheRunsOwnMessage() {
        String spark = "Job aborted due to stage failure: Task 0 in stage 3.0 failed 4 times,"
                + " most recent failure: Lost task 0.3 in stage 3.0 (TID 3) (127.0.0.1 executor"
                + " driver): io.ltq.spark.task.RunDiedException: seed-1: ltq lottery was killed"
                + " by signal 9\n\tat io.ltq.spark.task.RunTask.call(RunTask.java:1)";
        assertEquals(SweepRunner.failure(new ExecutionException(new RuntimeException(spark))),
                "seed-1: ltq lottery was killed by signal 9");
    }
}

package io.ltq.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

/** {@code --warmup} and {@code --test-every} reach run.json; presets give their warmup. */
public class ScheduleOptionsTest {

    @Test
    public void warmupAndTestIntervalAreRecorded() throws Exception {
        Path out = Files.createTempDirectory("ltq-warmup").resolve("run");
        BadInputTest.Result r = BadInputTest.ltq("lottery", "--model", "lenet300", "--dataset",
                "synthetic", "--levels", "0", "--iterations", "40", "--eval-every", "10",
                "--test-every", "20", "--warmup", "15", "--controls", "none", "--quiet",
                "--out", out.toString());
        assertEquals(r.code(), 0, r.err());
        LotteryConfig config = new RunDirectory(out).readConfig();
        assertEquals(config.training().warmupSteps(), 15);
        assertEquals(config.training().testEvery(), 20);
        // Rerunning with another warmup is another experiment, refused by name.
        BadInputTest.Result again = BadInputTest.ltq("lottery", "--model", "lenet300",
                "--dataset", "synthetic", "--levels", "0", "--iterations", "40", "--eval-every",
                "10", "--test-every", "20", "--warmup", "16", "--controls", "none", "--quiet",
                "--out", out.toString());
        assertEquals(again.code(), 2, again.err());
        assertTrue(again.err().contains("warmupSteps: 15 → 16"), again.err());
    }

    @Test
    public void testIntervalMustBeAMultipleOfTheEvaluationInterval() {
        BadInputTest.Result r = BadInputTest.ltq("lottery", "--model", "lenet300", "--dataset",
                "synthetic", "--iterations", "40", "--eval-every", "10", "--test-every", "15",
                "--out", "/tmp/ltq-never-made");
        assertEquals(r.code(), 2, r.err());
        assertTrue(r.err().contains("--test-every 15 is not a multiple of --eval-every 10"),
                r.err());
        assertEquals(r.err().strip().lines().count(), 1, r.err());
        assertTrue(!Files.exists(Path.of("/tmp/ltq-never-made")));
    }

    @Test
    public void vgg19PresetWarmsUp() {
        BadInputTest.Result r = BadInputTest.ltq("list");
        assertEquals(r.code(), 0, r.err());
        String vgg19 = r.out().lines().filter(l -> l.trim().startsWith("vgg19")).findFirst()
                .orElseThrow();
        assertTrue(vgg19.contains(" 10000 "), vgg19);
    }
}

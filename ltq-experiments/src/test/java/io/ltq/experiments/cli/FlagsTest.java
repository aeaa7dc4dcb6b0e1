package io.ltq.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.lottery.LotteryConfig;
import java.util.ArrayList;
import java.util.List;
import org.testng.annotations.Test;

/** Every setting has a flag, declared once, in its option. */
public class FlagsTest {

    @Test
    public void everySettingIsSetByTheFlagOfTheOptionNamedAfterIt() {
        List<String> missing = new ArrayList<>();
        for (String setting : LotteryConfig.DEFAULTS.settings().keySet()) {
            // The schedule is the command's: ltq lottery or ltq oneshot.
            if (!RunOptions.FLAGS.containsKey(setting) && !setting.equals("schedule")) {
                missing.add(setting);
            }
        }
        assertEquals(missing, List.of(), "settings without an option field of the same name");
        assertEquals(RunOptions.flag("learningRate"), "--lr");
        assertEquals(RunOptions.flag("rewindStep"), "--rewind");
        assertEquals(RunOptions.flag("initSeed"), "--seed");
        assertEquals(RunOptions.flag("controls"), "--controls");
        assertEquals(RunOptions.flag("levels"), "--levels");
        assertTrue(RunOptions.FLAGS.values().stream().allMatch(f -> f.startsWith("--")));
    }
}

package io.ltq.experiments.lottery;

import static org.testng.Assert.assertEquals;

import java.util.List;
import org.testng.annotations.Test;

public class LtqJsonTest {

    // The pruning group as run.json recorded it before controls had names (results/ has these).
    private static final String EARLIER = "{\"pruneDense\": 0.2, \"pruneConv\": 0.2,"
            + " \"pruneOutput\": 0.1, \"scope\": \"LAYERWISE\", \"levels\": 18,"
            + " \"rewindStep\": 0, \"reinitControl\": %s, \"randomPruneControl\": %s}";

    @Test
    public void earlierControlFlagsReadAsTheControlsTheyMeant() {
        assertEquals(read(true, true).controls(), List.of("reinit", "random_prune"));
        assertEquals(read(false, true).controls(), List.of("random_prune"));
        assertEquals(read(true, false).controls(), List.of("reinit"));
        assertEquals(read(false, false).controls(), List.of());
        assertEquals(read(true, true).pruner(), "magnitude");
        assertEquals(read(true, true), PruningSettings.DEFAULTS.withLevels(18));
    }

    @Test
    public void settingsAndVariantsWriteAndReadBack() {
        LotteryConfig config = LotteryConfig.DEFAULTS.withPruning(PruningSettings.DEFAULTS
                .withControls(List.of("com.acme.Shuffle")).withPruner("com.acme.L1"));
        String json = LtqJson.PRETTY.toJson(config);
        assertEquals(LtqJson.PRETTY.fromJson(json, LotteryConfig.class), config);
        assertEquals(LtqJson.COMPACT.toJson(Variant.RANDOM_PRUNE), "\"random_prune\"");
        assertEquals(LtqJson.COMPACT.fromJson("\"reinit\"", Variant.class), Variant.REINIT);
    }

    private static PruningSettings read(boolean reinit, boolean random) {
        return LtqJson.PRETTY.fromJson(String.format(EARLIER, reinit, random),
                PruningSettings.class);
    }
}

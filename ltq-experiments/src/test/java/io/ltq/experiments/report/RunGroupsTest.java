package io.ltq.experiments.report;

import static org.testng.Assert.assertEquals;

import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.SeedSettings;
import io.ltq.experiments.lottery.StructureSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/**
 * Group labels name what sets configurations apart, leaving out the controls, which the charts
 * show as series of their own, unless they alone tell two configurations apart.
 */
public class RunGroupsTest {

    @Test
    public void controlsAreLeftOutOfLabelsThatDifferWithoutThem() {
        List<RunGroup> groups = RunGroups.of(List.of(
                run(1, "weights", List.of("reinit")), run(2, "weights", List.of("reinit")),
                run(1, "neurons", List.of("reinit", "scratch_e"))));
        assertEquals(groups.size(), 2);
        assertEquals(groups.get(0).runs().size(), 2);
        assertEquals(groups.stream().map(RunGroup::label).toList(),
                List.of("structure=weights", "structure=neurons"));
    }

    @Test
    public void controlsNameGroupsThatOnlyTheyTellApart() {
        List<RunGroup> groups = RunGroups.of(List.of(run(1, "weights", List.of("reinit")),
                run(1, "weights", List.of("random_prune"))));
        assertEquals(groups.stream().map(RunGroup::label).toList(),
                List.of("controls=[reinit]", "controls=[random_prune]"));
    }

    private static RunRecord run(long seed, String structure, List<String> controls) {
        LotteryConfig config = LotteryConfig.DEFAULTS
                .withStructure(StructureSettings.DEFAULTS.withStructure(structure))
                .withPruning(LotteryConfig.DEFAULTS.pruning().withControls(controls))
                .withSeeds(SeedSettings.DEFAULTS.withInitSeed(seed));
        return new RunRecord(Path.of("seed-" + seed), config, Map.of(), List.of(), Map.of(),
                List.of(), List.of(), List.of(), List.of());
    }
}

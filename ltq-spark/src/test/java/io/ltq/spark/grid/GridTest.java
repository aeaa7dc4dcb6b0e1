package io.ltq.spark.grid;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ltq.experiments.UserMistakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** Expanding a grid: the product, the order, the names, the lists and the refusals. */
public class GridTest {

    private static final Path OUT = Path.of("/sweeps/s");

    private static Grid fromArgs(String... tokens) {
        Grid.Builder b = Grid.builder();
        GridArguments.addTo(List.of(tokens), b);
        return b.build();
    }

    @Test
    public void productInGridOrderNamedByWhatDiffers() {
        Grid grid = fromArgs("--model", "lenet300", "--seed", "1,2,3", "--rewind", "0,500");
        assertEquals(grid.size(), 6);
        assertEquals(grid.axes().keySet(), java.util.Set.of("--seed", "--rewind"));
        List<SweepRun> runs = grid.runs(OUT);
        assertEquals(runs.stream().map(SweepRun::name).toList(), List.of(
                "seed-1_rewind-0", "seed-1_rewind-500", "seed-2_rewind-0", "seed-2_rewind-500",
                "seed-3_rewind-0", "seed-3_rewind-500"));
        SweepRun r = runs.get(5);
        assertEquals(r.args(), List.of("--model", "lenet300", "--seed", "3", "--rewind", "500",
                "--out", OUT.resolve("seed-3_rewind-500").toString()));
        assertEquals(r.values(), Map.of("--seed", "3", "--rewind", "500"));
        assertEquals(r.folder(), OUT.resolve("seed-3_rewind-500"));
        assertEquals(r.commandLine().get(0), "lottery");
    }

    @Test
    public void aGridOfOneIsNamedRun() {
        List<SweepRun> runs = fromArgs("--model", "conv2", "--seed", "7").runs(OUT);
        assertEquals(runs.size(), 1);
        assertEquals(runs.get(0).name(), "run");
    }

    @Test
    public void shortNamesAndEqualsFormAreTheCommandsOwn() {
        Grid grid = fromArgs("--model=lenet300", "--engine=PyTorch,MXNet", "--lr", "1e-3");
        assertEquals(grid.runs(OUT).stream().map(SweepRun::name).toList(),
                List.of("engine-PyTorch", "engine-MXNet"));
    }

    @Test
    public void commaListOptionsTakeAlternativesByRepetition() {
        Grid grid = fromArgs("--model", "lenet300", "--controls", "none", "--controls",
                "reinit,random-prune", "--lr-drops", "100,200");
        List<SweepRun> runs = grid.runs(OUT);
        assertEquals(runs.stream().map(SweepRun::name).toList(),
                List.of("controls-none", "controls-reinit-random-prune"));
        assertTrue(runs.get(1).args().containsAll(List.of("--controls", "reinit,random-prune",
                "--lr-drops", "100,200")));
    }

    @Test
    public void switchesAreOnOrOff() {
        Grid on = fromArgs("--model", "conv2", "--augment");
        assertTrue(on.runs(OUT).get(0).args().contains("--augment"));
        Grid both = Grid.builder().addValues("--model", List.of("conv2"))
                .addValues("--augment", List.of("true", "false")).build();
        List<SweepRun> runs = both.runs(OUT);
        assertEquals(runs.get(0).name(), "augment-true");
        assertTrue(runs.get(0).args().contains("--augment"));
        assertTrue(!runs.get(1).args().contains("--augment"));
    }

    @Test
    public void namesAreFileNamesAndUnique() {
        Grid grid = fromArgs("--model", "lenet300", "--data", "/a b/c,/a-b/c");
        assertEquals(grid.runs(OUT).stream().map(SweepRun::name).toList(),
                List.of("data-a-b-c", "data-a-b-c-2"));
    }

    @Test
    public void aGridFileGivesTheSameRunsAndTheCommandLineWins() throws IOException {
        Path file = Files.createTempFile("grid", ".json");
        Files.writeString(file, """
                {"command": "lottery", "model": "lenet300", "--levels": 2,
                 "seed": [1, 2], "rewind": [0, "2ep"], "lr-drops": [[100, 200]],
                 "controls": ["none", ["reinit", "random-prune"]], "augment": false}
                """);
        Grid.Builder b = GridFile.read(file);
        GridArguments.addTo(List.of("--seed", "5,6"), b);
        Grid grid = b.build();
        List<SweepRun> runs = grid.runs(OUT);
        assertEquals(runs.size(), 8);
        assertEquals(runs.get(0).name(), "seed-5_rewind-0_controls-none");
        assertEquals(runs.get(7).name(), "seed-6_rewind-2ep_controls-reinit-random-prune");
        assertEquals(runs.get(7).args().subList(0, 12), List.of("--model", "lenet300",
                "--levels", "2", "--seed", "6", "--rewind", "2ep", "--lr-drops", "100,200",
                "--controls", "reinit,random-prune"));
        assertTrue(!runs.get(0).args().contains("--augment"));
    }

    @Test
    public void oneshotGridsCheckOneshotsOptions() {
        Grid.Builder b = Grid.builder().setCommand("oneshot");
        GridArguments.addTo(List.of("--model", "lenet300", "--density", "0.1,0.05"), b);
        assertEquals(b.build().runs(OUT).get(1).commandLine().subList(0, 5),
                List.of("oneshot", "--model", "lenet300", "--density", "0.05"));
        assertThrows(UserMistakeException.class,
                () -> fromArgs("--model", "lenet300", "--density", "0.1"));
    }

    @DataProvider(name = "refused")
    static Object[][] refused() {
        return new Object[][] {
            {List.of("--model", "lenet300", "--sed", "1,2"), "--sed is not an option"},
            {List.of("--model", "lenet300", "--seed", ","), "--seed has an empty value"},
            {List.of("--model", "lenet300", "--seed", "1,,2"), "--seed has an empty value"},
            {List.of("--model", "lenet300", "--seed", "1,2,1"), "--seed lists 1 twice"},
            {List.of("--model", "lenet300", "--augment=maybe"), "--augment is a switch"},
            {List.of("--model", "lenet300", "--seed"), "--seed needs a value"},
            {List.of("lenet300", "--seed", "1"), "The value lenet300 follows no option"},
            {List.of("--model", "lenet300", "--help"), "--help prints text"},
        };
    }

    @Test(dataProvider = "refused")
    public void mistakesAreOneSentence(List<String> tokens, String start) {
        UserMistakeException e = expectThrows(UserMistakeException.class,
                () -> fromArgs(tokens.toArray(String[]::new)));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertEquals(e.getMessage().lines().count(), 1L);
    }

    @Test
    public void gridFileMistakes() throws IOException {
        Path file = Files.createTempFile("grid", ".json");
        Files.writeString(file, "{\"model\": \"lenet300\", \"seed\": []}");
        assertTrue(expectThrows(UserMistakeException.class,
                () -> GridFile.read(file).build()).getMessage().startsWith("--seed has an empty"));
        Files.writeString(file, "{\"model\": \"lenet300\", \"out\": \"x\"}");
        assertTrue(expectThrows(UserMistakeException.class,
                () -> GridFile.read(file).build()).getMessage().startsWith("--out is the sweep"));
        Files.writeString(file, "{\"model\": \"lenet300\", ");
        assertTrue(expectThrows(UserMistakeException.class,
                () -> GridFile.read(file)).getMessage().contains("is not valid JSON"));
        Files.writeString(file, "{\"model\": {\"name\": \"lenet300\"}}");
        assertTrue(expectThrows(UserMistakeException.class,
                () -> GridFile.read(file)).getMessage().contains("which is no setting"));
        assertTrue(expectThrows(UserMistakeException.class,
                () -> GridFile.read(file.resolveSibling("missing.json"))).getMessage()
                .contains("does not exist"));
    }
}

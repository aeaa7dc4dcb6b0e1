package io.ltq.spark.task;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.ltq.experiments.cli.RunJvmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/** A run's JVM starts with ./ltq's memory settings, and the user's options after them. */
public class ChildJvmTest {

    @Test
    public void aRunsJvmGetsTheLaunchersMemorySettingsAndTheUsersWin() throws Exception {
        List<String> defaults = RunJvmOptions.defaults();
        // The launcher passes the very file the jar carries.
        Path file = Path.of("..", "ltq-experiments", "src", "main", "resources", "io", "ltq",
                "experiments", "cli", RunJvmOptions.FILE);
        assertEquals(defaults, Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty()).toList());
        assertTrue(defaults.contains("-XX:+UseSerialGC"), defaults.toString());
        assertTrue(Files.readString(Path.of("..", "ltq")).contains(
                "ltq-experiments/src/main/resources/io/ltq/experiments/cli/run-jvm.args"));

        List<String> cmd = ChildJvm.command("cp", 1, List.of("-Xms512m"), Map.of(),
                List.of("lottery"));
        int ours = cmd.indexOf("-Xms32m");
        int users = cmd.indexOf("-Xms512m");
        assertTrue(ours > 0 && users > ours, cmd.toString());
        assertEquals(cmd.subList(1, 1 + defaults.size()), defaults);
    }
}

package io.ltq.experiments.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JVM options a training JVM starts with, in one file that {@code ./ltq} passes to
 * {@code java} as an argument file and {@code ltq sweep} gives each run's JVM: {@code
 * run-jvm.args} beside this class.
 *
 * <p>They keep a run's memory near what it holds (docs/performance.md, section 6): the serial
 * collector, since a run trains on one thread and a concurrent collector's threads and regions
 * only add resident memory, and a small initial heap that grows with the data, where the default
 * (a 64th of the machine's memory) is touched whole by the first collections. A user's own
 * options come after them and win.
 */
public final class RunJvmOptions {

    /** The file's name, a resource beside this class. */
    public static final String FILE = "run-jvm.args";

    private RunJvmOptions() {}

    /**
     * Returns the options, one per line of the file.
     *
     * @return e.g. {@code [-XX:+UseSerialGC, -Xms32m]}
     */
    public static List<String> defaults() {
        try (InputStream in = RunJvmOptions.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing from LTQ's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

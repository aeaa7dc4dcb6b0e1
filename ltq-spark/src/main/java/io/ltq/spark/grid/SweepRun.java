package io.ltq.spark.grid;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of a sweep: an {@code ltq lottery} (or {@code ltq oneshot}) command line with its own
 * run folder, named by the values that set it apart from the sweep's other runs.
 *
 * @param name the run's folder name under the sweep's folder, e.g. {@code seed-3_rewind-500}
 * @param command {@code lottery} or {@code oneshot}
 * @param args the command's options, {@code --out} with the run's folder last
 * @param values the varied options' values of this run, by option name ({@code --seed})
 */
public record SweepRun(String name, String command, List<String> args, Map<String, String> values)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Freezes the collections. */
    public SweepRun {
        args = List.copyOf(args);
        values = Map.copyOf(values);
    }

    /**
     * Returns the run folder: the value of {@code --out}, the last option.
     *
     * @return the folder
     */
    public Path folder() {
        return Path.of(args.get(args.size() - 1));
    }

    /**
     * Returns the {@code ltq} command line that runs this alone, with the same results.
     *
     * @return e.g. {@code [lottery, --model, lenet300, --seed, 3, --out, runs/s/seed-3]}
     */
    public List<String> commandLine() {
        List<String> out = new ArrayList<>();
        out.add(command);
        out.addAll(args);
        return out;
    }
}

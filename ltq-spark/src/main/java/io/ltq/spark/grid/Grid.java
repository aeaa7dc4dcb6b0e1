package io.ltq.spark.grid;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.cli.RunCheck;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A grid of runs: every option of {@code ltq lottery} (or {@code ltq oneshot}) with one value or
 * a list of alternatives. The runs are the product of the lists, the first option varying
 * slowest, each with its own folder named after the values that differ ({@link RunNames}).
 *
 * <p>Options are checked against the command's own picocli specification, so the grid knows
 * exactly the options the command does: a name the command lacks, an empty list or a value given
 * twice is refused with one sentence. Whether the values are right is for the command itself to
 * say, per run ({@link RunCheck}).
 *
 * <pre>
 * Grid grid = Grid.builder()
 *         .addValues("--model", List.of("lenet300"))
 *         .addValues("--seed", List.of("1", "2", "3"))
 *         .addValues("--rewind", List.of("0", "500"))
 *         .build();
 * grid.runs(Path.of("runs/sweep")); // seed-1_rewind-0, seed-1_rewind-500, seed-2_rewind-0, ...
 * </pre>
 */
public final class Grid {

    private static final Set<String> TRUE_FALSE = Set.of("true", "false");

    private final String command;
    private final Map<String, List<String>> options;
    private final Set<String> switches;

    private Grid(String command, Map<String, List<String>> options, Set<String> switches) {
        this.command = command;
        this.options = options;
        this.switches = switches;
    }

    /**
     * Returns a builder for a grid of {@code ltq lottery} runs.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the command every run runs.
     *
     * @return {@code lottery} or {@code oneshot}
     */
    public String command() {
        return command;
    }

    /**
     * Returns every option with its alternatives, in the order given.
     *
     * @return option name (with dashes) to values; a switch has {@code true} and/or {@code false}
     */
    public Map<String, List<String>> options() {
        return options;
    }

    /**
     * Returns the options with more than one value, which name the runs.
     *
     * @return the varied options with their values, in the order given
     */
    public Map<String, List<String>> axes() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (v.size() > 1) {
                out.put(k, v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * Returns how many runs the grid expands to.
     *
     * @return the product of the list lengths
     */
    public long size() {
        long n = 1;
        for (List<String> v : options.values()) {
            n = Math.multiplyExact(n, v.size());
        }
        return n;
    }

    /**
     * Expands the grid into its runs, each with {@code --out} set to its folder under the
     * sweep's folder.
     *
     * @param out the sweep's folder
     * @return the runs, the first option varying slowest
     */
    public List<SweepRun> runs(Path out) {
        List<String> names = new ArrayList<>(options.keySet());
        List<SweepRun> runs = new ArrayList<>();
        RunNames naming = new RunNames();
        int[] choice = new int[names.size()];
        for (long r = 0, n = size(); r < n; r++) {
            List<String> args = new ArrayList<>();
            List<Entry<String, String>> varied = new ArrayList<>();
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                String option = names.get(i);
                List<String> alternatives = options.get(option);
                String value = alternatives.get(choice[i]);
                if (alternatives.size() > 1) {
                    varied.add(new SimpleEntry<>(option, value));
                    values.put(option, value);
                }
                if (!switches.contains(option)) {
                    args.add(option);
                    args.add(value);
                } else if (value.equals("true")) {
                    args.add(option);
                }
            }
            String name = naming.next(varied);
            args.add("--out");
            args.add(out.resolve(name).toString());
            runs.add(new SweepRun(name, command, args, values));
            // Odometer: the last option turns fastest.
            for (int i = names.size() - 1; i >= 0; i--) {
                if (++choice[i] < options.get(names.get(i)).size()) {
                    break;
                }
                choice[i] = 0;
            }
        }
        return runs;
    }

    /**
     * Returns the sentence for an option the command does not have.
     *
     * @param command the command
     * @param name the option as given
     * @return the exception to throw
     */
    static UserMistakeException unknownOption(String command, String name) {
        return new UserMistakeException(name + " is not an option of ltq " + command
                + " or of ltq sweep: see ltq " + command + " --help for the settings a sweep can"
                + " vary, and ltq sweep --help for the sweep's own.");
    }

    /** Collects the options of a grid; {@link #build} checks them. Not thread-safe. */
    public static final class Builder {

        private String command = "lottery";
        private final Map<String, List<String>> raw = new LinkedHashMap<>();

        Builder() {}

        /**
         * Sets the command every run runs.
         *
         * @param command {@code lottery} (the default) or {@code oneshot}
         * @return this builder
         */
        public Builder setCommand(String command) {
            this.command = command.toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * Returns the command set so far.
         *
         * @return {@code lottery} unless set otherwise
         */
        public String command() {
            return command;
        }

        /**
         * Adds alternatives for an option; an option added again gets more alternatives.
         *
         * @param option the name as the command spells it, e.g. {@code --seed}
         * @param values the alternatives, as the command line would give each; {@code true} or
         *     {@code false} for a switch such as {@code --augment}
         * @return this builder
         */
        public Builder addValues(String option, List<String> values) {
            raw.computeIfAbsent(option, k -> new ArrayList<>()).addAll(values);
            return this;
        }

        /**
         * Replaces an option's alternatives, as a command-line option replaces a grid file's.
         *
         * @param option the name, e.g. {@code --seed}
         * @param values the alternatives
         * @return this builder
         */
        public Builder setValues(String option, List<String> values) {
            raw.put(option, new ArrayList<>(values));
            return this;
        }

        /**
         * Checks the options against the command's and builds the grid.
         *
         * @return the grid
         * @throws UserMistakeException naming an unknown option, an empty list, a value
         *     given twice, or a switch given something other than true or false
         */
        public Grid build() {
            if (!RunCheck.COMMANDS.contains(command)) {
                throw new UserMistakeException("Unknown command " + command + " for the"
                        + " sweep: give --command lottery or --command oneshot.");
            }
            CommandSpec spec = RunCheck.spec(command);
            Map<String, List<String>> options = new LinkedHashMap<>();
            Set<String> switches = new java.util.HashSet<>();
            for (Entry<String, List<String>> e : raw.entrySet()) {
                String name = e.getKey();
                OptionSpec option = spec.findOption(name);
                if (option == null || !name.startsWith("-")) {
                    throw unknownOption(command, name);
                }
                if (option.usageHelp() || option.versionHelp()) {
                    throw new UserMistakeException(name + " prints text and runs nothing:"
                            + " leave it out of the sweep's run options.");
                }
                String canonical = option.longestName();
                if (canonical.equals("--out")) {
                    throw new UserMistakeException("--out is the sweep's folder, and each"
                            + " run's folder is made below it: give --out once, for the sweep.");
                }
                List<String> values = e.getValue();
                if (values.isEmpty() || values.stream().anyMatch(String::isBlank)) {
                    throw new UserMistakeException(canonical + " has an empty value in the"
                            + " grid: give one or more values separated by single commas, as in"
                            + " --seed 1,2,3.");
                }
                Set<String> distinct = new LinkedHashSet<>();
                for (String v : values) {
                    if (!distinct.add(v.strip())) {
                        throw new UserMistakeException(canonical + " lists " + v.strip()
                                + " twice: give each value once.");
                    }
                }
                boolean isSwitch = option.arity().max() == 0;
                if (isSwitch) {
                    for (String v : distinct) {
                        if (!TRUE_FALSE.contains(v.toLowerCase(Locale.ROOT))) {
                            throw new UserMistakeException(canonical + " is a switch and"
                                    + " takes no value, but the grid gives it " + v + ": give"
                                    + " true, false or both (true,false).");
                        }
                    }
                }
                List<String> frozen = List.copyOf(isSwitch ? distinct.stream()
                        .map(v -> v.toLowerCase(Locale.ROOT)).toList() : List.copyOf(distinct));
                if (options.put(canonical, frozen) != null) {
                    throw new UserMistakeException(canonical + " is given under two names:"
                            + " give it once.");
                }
                if (isSwitch) {
                    switches.add(canonical);
                }
            }
            return new Grid(command, Collections.unmodifiableMap(options), Set.copyOf(switches));
        }
    }
}

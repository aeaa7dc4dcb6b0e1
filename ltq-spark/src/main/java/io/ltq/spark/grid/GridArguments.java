package io.ltq.spark.grid;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.cli.RunCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads grid options from the command line, as {@code ltq lottery} would read them but with
 * lists: {@code --seed 1,2,3 --engine PyTorch,MXNet}. A comma separates alternatives, except in
 * the options whose value is itself a comma list ({@code --controls}, {@code --lr-drops}); for
 * those, and for any option, repeating it adds an alternative ({@code --controls none --controls
 * reinit,random-prune}). A switch such as {@code --augment} is on in every run.
 */
public final class GridArguments {

    private GridArguments() {}

    /**
     * Adds the options of a command line to a grid.
     *
     * @param tokens the options and values, as typed
     * @param grid the grid to add them to, with its command set; an option given here replaces
     *     the grid file's
     * @throws UserMistakeException for a value without an option, or an option that needs a
     *     value and has none
     */
    public static void addTo(List<String> tokens, Grid.Builder grid) {
        String command = grid.command();
        CommandSpec spec = RunCheck.spec(command);
        Map<String, List<String>> seen = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (!token.startsWith("-")) {
                throw new UserMistakeException("The value " + token + " follows no option:"
                        + " give each value after its option, e.g. --seed 1,2,3 (see: ltq sweep"
                        + " --help).");
            }
            String name = token;
            String value = null;
            int eq = token.indexOf('=');
            if (eq > 0) {
                name = token.substring(0, eq);
                value = token.substring(eq + 1);
            }
            OptionSpec option = spec.findOption(name);
            if (option == null) {
                throw Grid.unknownOption(command, name);
            }
            String key = option.longestName();
            List<String> values = seen.computeIfAbsent(key, k -> new ArrayList<>());
            if (option.arity().max() == 0) {
                values.add(value == null ? "true" : value);
                continue;
            }
            if (value == null) {
                if (i + 1 >= tokens.size()) {
                    throw new UserMistakeException(name + " needs a value: give one or a"
                            + " list, e.g. --seed 1,2,3.");
                }
                value = tokens.get(++i);
            }
            boolean listValued = !option.splitRegex().isEmpty();
            values.addAll(listValued ? List.of(value) : Arrays.asList(value.split(",", -1)));
        }
        seen.forEach(grid::setValues);
    }
}

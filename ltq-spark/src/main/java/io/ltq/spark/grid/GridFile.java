package io.ltq.spark.grid;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a grid kept in a JSON file, for sweeps people keep and rerun. Every key but {@code
 * command} is an option of the command, with or without its dashes; a value is one setting and
 * an array lists alternatives:
 *
 * <pre>
 * {
 *   "command": "lottery",
 *   "model": "lenet300",
 *   "dataset": "fashion-mnist",
 *   "levels": 2,
 *   "seed": [1, 2, 3, 4],
 *   "rewind": [0, 500],
 *   "controls": "none",
 *   "lr-drops": [[1000, 2000], [1500]],
 *   "augment": false
 * }
 * </pre>
 *
 * <p>An array inside an array is one value of an option that takes a comma list ({@code
 * --controls}, {@code --lr-drops}); a switch ({@code --augment}) takes {@code true}, {@code false}
 * or both.
 */
public final class GridFile {

    private GridFile() {}

    /**
     * Reads a grid file.
     *
     * @param file the JSON file
     * @return a builder with the file's command and options; command-line options may replace
     *     them before it is built
     * @throws UserMistakeException when the file is missing, cannot be read or is not such a
     *     grid
     * @throws IOException not thrown: a grid file that cannot be read is the user's to fix
     */
    public static Grid.Builder read(Path file) throws IOException {
        JsonObject json;
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file));
            if (!root.isJsonObject()) {
                throw new UserMistakeException(file + " is not a grid: give a JSON object"
                        + " of options, e.g. {\"model\": \"lenet300\", \"seed\": [1, 2, 3]}.");
            }
            json = root.getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new UserMistakeException("--grid " + file + " does not exist: give the path"
                    + " of a JSON grid file (see: ltq sweep --help).", e);
        } catch (JsonParseException e) {
            throw new UserMistakeException("--grid " + file + " is not valid JSON ("
                    + RunDirectory.jsonProblem(e) + "): fix the file, e.g. {\"model\":"
                    + " \"lenet300\", \"seed\": [1, 2, 3]}.", e);
        } catch (IOException e) {
            // A folder, or a file this user may not read: the path is the user's.
            throw new UserMistakeException("--grid " + file + " cannot be read ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "): give the path of a JSON grid file you can read.", e);
        }
        Grid.Builder grid = Grid.builder();
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            String key = e.getKey();
            if (key.equals("command")) {
                grid.setCommand(text(file, key, e.getValue()));
                continue;
            }
            String option = key.startsWith("-") ? key : "--" + key;
            grid.setValues(option, alternatives(file, key, e.getValue()));
        }
        return grid;
    }

    private static List<String> alternatives(Path file, String key, JsonElement value) {
        List<String> out = new ArrayList<>();
        if (value.isJsonArray()) {
            for (JsonElement v : value.getAsJsonArray()) {
                out.add(v.isJsonArray() ? joined(file, key, v.getAsJsonArray())
                        : text(file, key, v));
            }
        } else {
            out.add(text(file, key, value));
        }
        return out;
    }

    private static String joined(Path file, String key, JsonArray list) {
        List<String> parts = new ArrayList<>();
        list.forEach(v -> parts.add(text(file, key, v)));
        return String.join(",", parts);
    }

    private static String text(Path file, String key, JsonElement v) {
        if (v instanceof JsonPrimitive p) {
            return p.getAsString();
        }
        throw new UserMistakeException(file + ": \"" + key + "\" has " + v + ", which is no"
                + " setting: give a number, a string, true/false, or a list of them.");
    }
}

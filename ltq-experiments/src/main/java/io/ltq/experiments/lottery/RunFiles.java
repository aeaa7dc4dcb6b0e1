package io.ltq.experiments.lottery;

import com.google.gson.JsonParseException;
import io.ltq.experiments.UserMistakeException;
import io.ltq.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where a run's files lie, and the resume protocol that the runner and every analysis share: a
 * result's folder is finished when its {@code summary.json} exists, written atomically and after
 * every other file of the folder, so a killed run or analysis redoes exactly the unfinished ones.
 */
public final class RunFiles {

    /** The file that marks a folder finished. */
    public static final String SUMMARY = "summary.json";

    private RunFiles() {}

    /**
     * Returns the name of a level's folder.
     *
     * @param level the level
     * @return e.g. {@code level_03}
     */
    public static String level(int level) {
        return String.format(Locale.ROOT, "level_%02d", level);
    }

    /**
     * Returns the run-relative file holding a level's trained ticket weights.
     *
     * @param level the level
     * @return e.g. {@code level_03/trained.params}
     */
    public static String trained(int level) {
        return level(level) + "/trained.params";
    }

    /**
     * Writes a folder's summary, marking it finished: call it after every other file of the
     * folder is written.
     *
     * @param folder the result's folder
     * @param summary what it records
     * @return the summary's file
     * @throws IOException when writing fails
     */
    public static Path writeSummary(Path folder, Object summary) throws IOException {
        Path file = folder.resolve(SUMMARY);
        AtomicFiles.writeString(file, LtqJson.PRETTY.toJson(summary));
        return file;
    }

    /**
     * Reads a folder's summary when the folder is finished.
     *
     * @param folder the result's folder
     * @param type the summary's type
     * @param complete whether a parsed summary has what its type needs (a damaged file can parse
     *     into a half-empty object)
     * @param fix what to do about a damaged file, e.g. {@code delete it and rerun the same
     *     command}
     * @param <T> the summary's type
     * @return the summary, or {@code null} when the folder is not finished
     * @throws IOException when the file exists but cannot be read
     * @throws UserMistakeException when the file is damaged, naming it and the fix
     */
    public static <T> T readSummary(Path folder, Class<T> type, Predicate<T> complete, String fix)
            throws IOException {
        Path file = folder.resolve(SUMMARY);
        try {
            T summary = LtqJson.PRETTY.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                    type);
            if (summary == null || !complete.test(summary)) {
                throw new JsonParseException("not a whole summary");
            }
            return summary;
        } catch (NoSuchFileException e) {
            return null;
        } catch (JsonParseException e) {
            throw new UserMistakeException(file + " is damaged (" + RunDirectory.jsonProblem(e)
                    + "): " + fix + ".", e);
        }
    }

    /**
     * Reads the rows of a CSV file a run or an analysis wrote, after its header: the one place
     * that says a row is damaged and what to do.
     *
     * @param <T> the row's type
     * @param csv the file
     * @param parse parses one row, throwing {@link IllegalArgumentException} for a bad one
     * @param row what a row is, for the message, e.g. {@code "a metrics row"}
     * @param fix what to do about a damaged row, e.g. {@code "delete the file and rerun ltq
     *     distances"}
     * @return the rows in file order, blank lines skipped; empty when the file does not exist
     * @throws IOException when the file exists but cannot be read
     * @throws UserMistakeException when a row is damaged
     */
    public static <T> List<T> readRows(Path csv, Function<String, T> parse, String row,
            String fix) throws IOException {
        List<T> out = new ArrayList<>();
        if (!Files.exists(csv)) {
            return out;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                out.add(parse.apply(line));
            } catch (IllegalArgumentException e) {
                throw new UserMistakeException(csv + " line " + (i + 1) + " is not " + row + " ("
                        + e.getMessage() + "); " + fix + ".", e);
            }
        }
        return out;
    }
}

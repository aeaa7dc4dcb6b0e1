package io.ltq.experiments.report;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LtqJson;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunFiles;
import io.ltq.experiments.compare.TicketDistance;
import io.ltq.experiments.inference.InferenceMeasurement;
import io.ltq.experiments.retrain.RetrainResult;
import io.ltq.experiments.stability.StabilityResult;
import io.ltq.experiments.training.MetricsRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a run folder of {@code ltq lottery} (and the folders its analyses add: {@code
 * stability/}, {@code retrain/}, {@code distances/}, {@code inference/} of {@code ltq bench
 * --only tickets}) into a {@link RunRecord}. Only finished networks count, those with a {@code
 * summary.json}, so a run still in progress can be reported on. A folder that is not a run, or a
 * run with nothing finished yet, is refused with one sentence that says what to give instead.
 */
public final class RunReader {

    private static final Gson GSON = LtqJson.PRETTY;
    private static final Pattern LEVEL_DIR = Pattern.compile("level_\\d{2,9}");
    private static final Pattern K_DIR = Pattern.compile("k_\\d+");
    private static final Pattern RETRAIN_DIR = Pattern.compile("[a-z-]+_k\\d+");

    private RunReader() {}

    /**
     * Reads a run folder.
     *
     * @param folder the {@code --out} folder of an {@code ltq lottery} run
     * @return what the run has finished so far
     * @throws UserMistakeException when the folder is missing, not a run, or has no finished
     *     level, or when a file of the run is damaged; the message names it
     * @throws IOException when a file of the run cannot be read
     */
    public static RunRecord read(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            throw new UserMistakeException(
                    folder + " does not exist: give the --out folder of an ltq lottery run.");
        }
        if (!Files.isDirectory(folder)) {
            throw new UserMistakeException(
                    folder + " is not a folder: give the --out folder of an ltq lottery run.");
        }
        RunDirectory dir = new RunDirectory(folder);
        LotteryConfig config = dir.readConfig();
        if (config == null) {
            throw new UserMistakeException(
                    folder + " is not a run folder (no run.json): give the --out folder of an ltq"
                            + " lottery run or of an ltq sweep.");
        }
        List<LevelSummary> summaries = new ArrayList<>();
        Map<String, List<MetricsRow>> metrics = new LinkedHashMap<>();
        // Levels are trained in order, so the first missing folder ends the run.
        for (int level = 0; Files.isDirectory(dir.levelDir(level, Variant.TICKET)); level++) {
            for (Variant variant : config.pruning().variants()) {
                LevelSummary s = dir.readSummary(level, variant);
                if (s != null) {
                    summaries.add(s);
                    metrics.put(RunRecord.key(level, variant),
                            readMetrics(dir.levelDir(level, variant).resolve("metrics.csv")));
                }
            }
        }
        if (summaries.isEmpty()) {
            throw new UserMistakeException(
                    folder + " has no finished level yet (no level_00/summary.json): let ltq"
                            + " lottery finish level 0 first, then run ltq report again.");
        }
        return new RunRecord(folder, config, readVersions(folder.resolve("run.json")),
                summaries, metrics, readStability(folder.resolve("stability")),
                readRetraining(folder.resolve("retrain")),
                readDistances(folder.resolve("distances/distances.csv")),
                InferenceMeasurement.readRows(folder));
    }

    private static Map<String, String> readVersions(Path runJson) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            JsonObject json = GSON.fromJson(Files.readString(runJson), JsonObject.class);
            JsonElement versions = json.get("versions");
            if (versions != null && versions.isJsonObject()) {
                for (var e : versions.getAsJsonObject().entrySet()) {
                    out.put(e.getKey(), e.getValue().getAsString());
                }
            }
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new UserMistakeException(runJson + " has unreadable versions ("
                    + RunDirectory.jsonProblem(e) + "); restore the file from the run.", e);
        }
        return out;
    }

    private static List<MetricsRow> readMetrics(Path csv) throws IOException {
        return RunFiles.readRows(csv, MetricsRow::parse, "a metrics row",
                "restore the file or delete the level to retrain it");
    }

    private static List<StabilityResult> readStability(Path root) throws IOException {
        List<StabilityResult> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        for (Path levelDir : children(root, LEVEL_DIR)) {
            for (Path kDir : children(levelDir, K_DIR)) {
                StabilityResult r = StabilityResult.read(kDir, "rerun ltq stability for that k");
                if (r != null) { // else an analysis still running
                    out.add(r);
                }
            }
        }
        out.sort(Comparator.comparingInt(StabilityResult::level)
                .thenComparingLong(StabilityResult::step));
        return out;
    }

    private static List<RetrainResult> readRetraining(Path root) throws IOException {
        List<RetrainResult> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        for (Path levelDir : children(root, LEVEL_DIR)) {
            for (Path combination : children(levelDir, RETRAIN_DIR)) {
                RetrainResult r = RetrainResult.read(combination,
                        "delete its folder and rerun ltq retrain");
                if (r != null) { // else a retraining still running
                    out.add(r);
                }
            }
        }
        out.sort(Comparator.comparingInt(RetrainResult::level)
                .thenComparing(RetrainResult::method).thenComparingLong(RetrainResult::k));
        return out;
    }

    private static List<TicketDistance> readDistances(Path csv) throws IOException {
        return RunFiles.readRows(csv, TicketDistance::parse, "a distances row",
                "delete the file and rerun ltq distances");
    }

    private static List<Path> children(Path dir, Pattern name) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory)
                    .filter(p -> name.matcher(p.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        }
    }
}

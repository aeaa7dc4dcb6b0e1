package io.ltq.experiments.report;

import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.lottery.LevelSummary;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.compare.TicketDistance;
import io.ltq.experiments.inference.InferenceTime;
import io.ltq.experiments.retrain.RetrainResult;
import io.ltq.experiments.stability.StabilityResult;
import io.ltq.experiments.training.MetricsRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a report uses from one run folder, as {@link RunReader} read it.
 *
 * @param root the run folder
 * @param config the settings of {@code run.json}
 * @param versions the engine and library versions of {@code run.json}
 * @param summaries every finished network, level by level, the ticket before its controls
 * @param metrics the rows of each finished network's {@code metrics.csv}, by {@link #key}
 * @param stability the finished instability analyses under {@code stability/}, by level and k
 * @param retraining the finished {@code ltq retrain} combinations under {@code retrain/}
 * @param distances the rows of {@code distances/distances.csv} of {@code ltq distances}
 * @param inference the rows of {@code inference/inference.csv} of {@code ltq bench --only
 *     tickets}: each finished ticket level's measured inference time
 */
public record RunRecord(
        Path root,
        LotteryConfig config,
        Map<String, String> versions,
        List<LevelSummary> summaries,
        Map<String, List<MetricsRow>> metrics,
        List<StabilityResult> stability,
        List<RetrainResult> retraining,
        List<TicketDistance> distances,
        List<InferenceTime> inference) {

    /** Copies the collections, so that a record cannot change after it was read. */
    public RunRecord {
        versions = Map.copyOf(versions);
        summaries = List.copyOf(summaries);
        metrics = Map.copyOf(metrics);
        stability = List.copyOf(stability);
        retraining = List.copyOf(retraining);
        distances = List.copyOf(distances);
        inference = List.copyOf(inference);
    }

    /**
     * Returns the key of a network in {@link #metrics}.
     *
     * @param level the level
     * @param variant the variant
     * @return e.g. {@code 3/reinit}
     */
    public static String key(int level, Variant variant) {
        return level + "/" + variant;
    }

    /**
     * Returns the run folder's name, which reports use to tell runs apart.
     *
     * @return the last path element
     */
    public String name() {
        Path file = root.toAbsolutePath().normalize().getFileName();
        return file == null ? root.toString() : file.toString();
    }

    /**
     * Returns the summary of one finished network.
     *
     * @param level the level
     * @param variant the variant
     * @return the summary, or {@code null} when that network has not finished
     */
    public LevelSummary summary(int level, Variant variant) {
        for (LevelSummary s : summaries) {
            if (s.level() == level && s.variant().equals(variant)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Returns the metrics of one finished network.
     *
     * @param level the level
     * @param variant the variant
     * @return the rows in step order, empty when there are none
     */
    public List<MetricsRow> metrics(int level, Variant variant) {
        return metrics.getOrDefault(key(level, variant), List.of());
    }

    /**
     * Returns the measured inference time of one level's ticket.
     *
     * @param level the level
     * @return the row of {@code inference/inference.csv}, or {@code null} when there is none
     */
    public InferenceTime inference(int level) {
        for (InferenceTime t : inference) {
            if (t.level() == level) {
                return t;
            }
        }
        return null;
    }

    /**
     * Returns the levels whose ticket has finished.
     *
     * @return the levels in increasing order
     */
    public List<Integer> ticketLevels() {
        List<Integer> out = new ArrayList<>();
        for (LevelSummary s : summaries) {
            if (s.variant().isTicket()) {
                out.add(s.level());
            }
        }
        return out;
    }
}

package io.ltq.spark.driver;

import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.lottery.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the trainings of a sweep — every level's ticket and, from level 1, each control asked
 * for — and how many have a {@code summary.json} yet, for the overall progress and its ETA. Reads
 * only whether files exist, so it is cheap to ask often, and works on a cluster whenever the
 * driver sees the shared folder too.
 */
final class TrainingCount {

    private final List<Path> summaries = new ArrayList<>();

    /**
     * Adds a run.
     *
     * @param folder its folder
     * @param config its settings
     */
    void add(Path folder, LotteryConfig config) {
        RunDirectory dir = new RunDirectory(folder);
        for (int level = 0; level <= config.pruning().levels(); level++) {
            for (Variant variant : config.pruning().variants()) {
                if (level > 0 || variant.isTicket()) {
                    summaries.add(dir.levelDir(level, variant).resolve("summary.json"));
                }
            }
        }
    }

    /**
     * Returns the trainings of every run added.
     *
     * @return the count
     */
    int total() {
        return summaries.size();
    }

    /**
     * Returns the trainings finished now.
     *
     * @return the summaries that exist
     */
    int done() {
        int n = 0;
        for (Path p : summaries) {
            if (Files.exists(p)) {
                n++;
            }
        }
        return n;
    }
}

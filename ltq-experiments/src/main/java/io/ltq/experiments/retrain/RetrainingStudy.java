package io.ltq.experiments.retrain;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.ltq.djl.rewind.NDArrayRewinder;
import io.ltq.djl.rewind.ParameterWriter;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.AnalysisBuilder;
import io.ltq.experiments.lottery.LtqJson;
import io.ltq.experiments.lottery.Network;
import io.ltq.experiments.lottery.ExperimentData;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunFiles;
import io.ltq.experiments.lottery.RunListener;
import io.ltq.experiments.lottery.RunSession;
import io.ltq.experiments.training.MetricsRow;
import io.ltq.experiments.training.TrainingResult;
import io.ltq.files.AtomicFiles;
import io.ltq.mask.MaskSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * Weight rewinding, learning-rate rewinding and fine-tuning compared on the same IMP masks at
 * equal retraining budgets (Renda et al., 2020).
 *
 * <p>For level L the mask m_L was made by pruning the trained level L−1. With the run's training
 * length T and a step k, each method trains m_L for T − k steps:
 *
 * <ul>
 *   <li>weight rewinding: θ := m_L ⊙ θk of the dense run, learning-rate schedule from k — with k = 0
 *       this is the original lottery ticket;
 *   <li>learning-rate rewinding: θ := m_L ⊙ θ_{L−1} trained, schedule replayed from k;
 *   <li>fine-tuning: θ := m_L ⊙ θ_{L−1} trained, at the schedule's final learning rate.
 * </ul>
 *
 * <p>Results go to {@code RUN/retrain/level_LL/METHOD_kKKKKKK/} (metrics.csv, summary.json) and
 * {@code RUN/retrain/results.csv}; a finished combination is not trained again. The run's own
 * files are only read.
 */
public final class RetrainingStudy {

    private static final Gson GSON = LtqJson.PRETTY;

    private final RunDirectory dir;
    private final LotteryConfig config;
    private final LongFunction<ExperimentData> data;
    private final List<Integer> levels;
    private final List<Long> steps;
    private final Set<RetrainMethod> methods;
    private final long evalEvery;
    private final RunListener listener;
    private final Network network;

    private RetrainingStudy(Builder b, AnalysisBuilder.Common common) throws IOException {
        this.dir = common.run();
        this.config = RunSession.requireRun(dir);
        this.data = common.data();
        this.steps = List.copyOf(new TreeSet<>(common.steps()));
        this.methods = b.methods;
        this.evalEvery = b.evalEvery > 0 ? b.evalEvery : config.training().evalEvery();
        this.listener = common.listener();
        this.network = common.network() != null ? common.network()
                : Catalog.discover().network(dir, config);
        for (long k : steps) {
            if (k < 0 || k >= config.training().iterations()) {
                throw new UserMistakeException(
                        "Step " + k + " is outside the run's training (0 to "
                                + (config.training().iterations() - 1)
                                + "): choose --k within it.");
            }
        }
        this.levels = b.levels.isEmpty() ? availableLevels() : List.copyOf(new TreeSet<>(b.levels));
        if (levels.isEmpty()) {
            throw new UserMistakeException(
                    dir.root() + " has no level to retrain yet: a level L needs its mask and the"
                            + " trained weights of level L-1, so run ltq lottery with --levels 1"
                            + " or more first.");
        }
        for (int level : levels) {
            requireLevel(level);
        }
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the levels that will be retrained.
     *
     * @return the levels, ascending
     */
    public List<Integer> levels() {
        return levels;
    }

    /**
     * Retrains every level with every method from every k, skipping finished ones.
     *
     * @return the results, ordered by level, k and method
     * @throws IOException when the run's files or the data cannot be read, or writing fails
     */
    public List<RetrainResult> run() throws IOException {
        ExperimentData runData = data.apply(config.seeds().dataSeed());
        List<RetrainResult> results = new ArrayList<>();
        Map<Long, NDArrayRewinder> denseSteps = new HashMap<>();
        try (RunSession session = RunSession.open(dir, network, runData)) {
            for (int level : levels) {
                MaskSet masks = dir.loadMasks(level, Variant.TICKET);
                for (long k : steps) {
                    for (RetrainMethod method : methods) {
                        RetrainResult done = readResult(level, method, k);
                        if (done == null) {
                            done = retrain(session, runData, denseSteps, level, masks, method, k);
                        }
                        results.add(done);
                    }
                }
            }
        } finally {
            denseSteps.values().forEach(NDArrayRewinder::close);
        }
        writeTable(results);
        return results;
    }

    private RetrainResult retrain(
            RunSession session,
            ExperimentData runData,
            Map<Long, NDArrayRewinder> denseSteps,
            int level,
            MaskSet masks,
            RetrainMethod method,
            long k)
            throws IOException {
        long end = config.training().iterations();
        switch (method) {
            case WEIGHT_REWIND -> {
                loadDense(session, runData, denseSteps, k);
                session.start(masks, k);
            }
            case LR_REWIND -> {
                session.loadTrained(level - 1);
                session.start(masks, k);
            }
            case FINE_TUNE -> {
                session.loadTrained(level - 1);
                session.start(masks, end); // the trained weights at the final rate
            }
        }
        double remaining = 100 * masks.density();
        TrainingResult r = session.train(runData, k, end, evalEvery, 0, listener, level,
                method.cliName() + "@" + k, remaining);
        RetrainResult result = new RetrainResult(level, remaining, method.cliName(), k, end - k,
                r.earlyStopStep(), r.earlyStopTestAccuracy(), r.finalTestAccuracy(),
                r.trainMillis());
        Path folder = folder(level, method, k);
        StringBuilder csv = new StringBuilder(MetricsRow.CSV_HEADER).append('\n');
        r.rows().forEach(row -> csv.append(row.toCsv()).append('\n'));
        AtomicFiles.writeString(folder.resolve("metrics.csv"), csv.toString());
        RunFiles.writeSummary(folder, result);
        return result;
    }

    // θk of the dense run is replayed once per k and kept in memory for every level.
    private void loadDense(
            RunSession session, ExperimentData runData, Map<Long, NDArrayRewinder> cache, long k)
            throws IOException {
        NDArrayRewinder saved = cache.get(k);
        if (saved == null) {
            session.loadDenseStep(k, runData, listener);
            saved = new NDArrayRewinder(session.model().getBlock(), ParameterWriter.IN_PLACE);
            saved.capture(k);
            cache.put(k, saved);
        } else {
            saved.rewind(session.ticket().getParameters().denseMasks());
        }
    }

    private List<Integer> availableLevels() {
        List<Integer> out = new ArrayList<>();
        for (int level = 1; level <= config.pruning().levels() + 1; level++) {
            if (dir.hasMasks(level)
                    && dir.hasParameters(RunFiles.trained(level - 1))) {
                out.add(level);
            }
        }
        return out;
    }

    private void requireLevel(int level) {
        if (level < 1) {
            throw new UserMistakeException(
                    "--levels must be 1 or more: level 0 is the dense network, which has no"
                            + " pruned weights to retrain; got " + level + ".");
        }
        if (!dir.hasMasks(level)) {
            throw new UserMistakeException(
                    "Level " + level + " has no mask in " + dir.root() + ": run ltq lottery with"
                            + " at least --levels " + (level - 1) + " first, or pick another"
                            + " level.");
        }
        boolean needsTrained = methods.contains(RetrainMethod.LR_REWIND)
                || methods.contains(RetrainMethod.FINE_TUNE);
        if (needsTrained && !dir.hasParameters(RunFiles.trained(level - 1))) {
            throw new UserMistakeException(
                    dir.root().resolve(RunFiles.trained(level - 1)) + " is missing,"
                            + " so level " + level + " cannot be fine-tuned or LR-rewound: the run"
                            + " was made before LTQ kept trained weights; use --methods"
                            + " weight-rewind, or a run made with this version.");
        }
    }

    private Path folder(int level, RetrainMethod method, long k) {
        return dir.root().resolve("retrain").resolve(RunFiles.level(level))
                .resolve(String.format(Locale.ROOT, "%s_k%06d", method.cliName(), k));
    }

    private RetrainResult readResult(int level, RetrainMethod method, long k) throws IOException {
        return RetrainResult.read(folder(level, method, k), "delete it and rerun the same ltq"
                + " retrain command to retrain that combination");
    }

    private void writeTable(List<RetrainResult> results) throws IOException {
        StringBuilder csv = new StringBuilder(RetrainResult.CSV_HEADER).append('\n');
        results.forEach(r -> csv.append(r.toCsv()).append('\n'));
        AtomicFiles.writeString(dir.root().resolve("retrain/results.csv"), csv.toString());
    }

    /** Configures a {@link RetrainingStudy}. */
    public static final class Builder extends AnalysisBuilder<Builder> {

        private List<Integer> levels = List.of();
        private Set<RetrainMethod> methods = EnumSet.allOf(RetrainMethod.class);
        private long evalEvery;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the levels to retrain; by default every level whose mask and previous trained
         * weights exist.
         *
         * @param levels levels, 1 or more
         * @return this builder
         */
        public Builder optLevels(List<Integer> levels) {
            this.levels = List.copyOf(levels);
            return this;
        }

        /**
         * Sets the methods compared; all three by default.
         *
         * @param methods the methods
         * @return this builder
         */
        public Builder optMethods(Set<RetrainMethod> methods) {
            if (methods.isEmpty()) {
                throw new IllegalArgumentException("Give at least one retraining method.");
            }
            this.methods = EnumSet.copyOf(methods);
            return this;
        }

        /**
         * Sets the evaluation interval; the run's by default.
         *
         * @param steps steps between evaluations
         * @return this builder
         */
        public Builder optEvalEvery(long steps) {
            if (steps <= 0) {
                throw new UserMistakeException(
                        "--eval-every must be positive, got " + steps + ".");
            }
            this.evalEvery = steps;
            return this;
        }

        /**
         * Checks the settings against the run and builds the study.
         *
         * @return the study
         * @throws IOException when the run's settings cannot be read
         */
        public RetrainingStudy build() throws IOException {
            return new RetrainingStudy(this, common());
        }
    }
}

package io.ltq.experiments.stability;

import ai.djl.Model;
import ai.djl.training.Trainer;
import io.ltq.djl.rewind.NDArrayRewinder;
import io.ltq.djl.rewind.ParameterWriter;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.AnalysisBuilder;
import io.ltq.experiments.lottery.Network;
import io.ltq.experiments.lottery.ExperimentData;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LtqJson;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunFiles;
import io.ltq.experiments.lottery.RunListener;
import io.ltq.experiments.lottery.RunSession;
import io.ltq.files.AtomicFiles;
import io.ltq.mask.MaskSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * Instability analysis (Frankle et al., 2020, "Linear Mode Connectivity and the Lottery Ticket
 * Hypothesis"): from the network at step k — dense, or with an IMP level's mask applied — train
 * two copies on different data orders to the end, then measure the error along the straight line
 * between them. The network is stable at k when the error barrier is below a threshold.
 *
 * <p>θk is read from the run ({@code init.params}, {@code rewind.params}) or recomputed by
 * retraining the dense network from θ0 with the run's data order, which is deterministic. The
 * copies are written to {@code stability/level_LL/k_KKKKKK/} and the interpolation happens in
 * memory: nothing else in the run folder is touched.
 */
public final class InstabilityAnalysis {

    private final RunDirectory dir;
    private final LotteryConfig config;
    private final LongFunction<ExperimentData> data;
    private final int level;
    private final List<Long> steps;
    private final int points;
    private final long seedA;
    private final long seedB;
    private final double threshold;
    private final int trainEvalSize;
    private final RunListener listener;
    private final Network network;

    private InstabilityAnalysis(Builder b, AnalysisBuilder.Common common) throws IOException {
        this.dir = common.run();
        this.config = dir.readConfig();
        if (config == null) {
            throw new UserMistakeException(
                    dir.root() + " is not a run folder (no run.json): point ltq stability at the"
                            + " --out folder of an ltq lottery run.");
        }
        this.data = common.data();
        this.level = b.level;
        this.steps = List.copyOf(new TreeSet<>(common.steps()));
        this.points = b.points;
        this.seedA = b.seedA;
        this.seedB = b.seedB;
        this.threshold = b.threshold;
        this.trainEvalSize = b.trainEvalSize;
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
        if (level > 0 && !dir.hasMasks(level)) {
            throw new UserMistakeException(
                    "Level " + level + " has no mask in " + dir.root() + ": run ltq lottery with"
                            + " at least --levels " + (level - 1) + " first, or pick another"
                            + " --level.");
        }
        Interpolation.alphas(points);
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
     * Returns the run's settings, as read from {@code run.json}.
     *
     * @return the settings
     */
    public LotteryConfig config() {
        return config;
    }

    /**
     * Runs the analysis at every step.
     *
     * @return one result per step, in increasing step order
     * @throws IOException when the run folder or data cannot be read or written
     */
    public List<StabilityResult> run() throws IOException {
        ExperimentData base = data.apply(config.seeds().dataSeed());
        List<StabilityResult> results = new ArrayList<>();
        try (RunSession session = RunSession.open(dir, network, base)) {
            Model model = session.model();
            MaskSet masks = level == 0 ? session.ticket().getParameters().denseMasks()
                    : dir.loadMasks(level, Variant.TICKET);
            double remaining = 100 * masks.density();
            for (long k : steps) {
                StabilityResult finished = readFinished(k);
                if (finished != null) {
                    // A rerun resumes: the analysis of each k is a pure function of the run.
                    results.add(finished);
                    continue;
                }
                session.loadDenseStep(k, base, listener);
                session.start(masks, k);
                List<NDArrayRewinder> ends = new ArrayList<>();
                try {
                    for (long seed : new long[] {seedA, seedB}) {
                        session.restart();
                        session.train(data.apply(seed), k, config.training().iterations(),
                                config.training().iterations() - k, 0, listener, level,
                                "k" + k + "-seed" + seed, remaining);
                        NDArrayRewinder end = new NDArrayRewinder(model.getBlock(),
                                ParameterWriter.IN_PLACE);
                        end.capture(config.training().iterations());
                        ends.add(end);
                        dir.saveParameters(endpointFile(k, seed), model.getBlock());
                    }
                    List<StabilityResult.Point> path;
                    try (Trainer trainer = session.newTrainer()) {
                        path = LinearPath.evaluate(trainer, ends.get(0), ends.get(1), points,
                                base.test(), base.trainEvaluation(trainEvalSize));
                    }
                    StabilityResult r = StabilityResult.of(level, k, path, threshold);
                    write(r);
                    results.add(r);
                } finally {
                    ends.forEach(NDArrayRewinder::close);
                }
            }
        }
        writeSweep(results);
        return results;
    }

    private StabilityResult readFinished(long k) throws IOException {
        return StabilityResult.read(kDir(k), "rerun the same ltq stability command");
    }

    private Path kDir(long k) {
        return dir.root().resolve("stability").resolve(RunFiles.level(level))
                .resolve(String.format(Locale.ROOT, "k_%06d", k));
    }

    private String endpointFile(long k, long seed) {
        return dir.root().relativize(kDir(k).resolve("seed_" + seed + ".params")).toString();
    }

    private void write(StabilityResult r) throws IOException {
        StringBuilder csv = new StringBuilder("alpha,test_error,train_error\n");
        for (StabilityResult.Point p : r.path()) {
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f%n", p.alpha(), p.testError(),
                    p.trainError()));
        }
        AtomicFiles.writeString(kDir(r.step()).resolve("interpolation.csv"), csv.toString());
        RunFiles.writeSummary(kDir(r.step()), r);
    }

    private void writeSweep(List<StabilityResult> results) throws IOException {
        StringBuilder csv = new StringBuilder("step,test_barrier,train_barrier,stable\n");
        for (StabilityResult r : results) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%b%n", r.step(), r.testBarrier(),
                    r.trainBarrier(), r.stable()));
        }
        AtomicFiles.writeString(
                dir.root().resolve("stability").resolve(RunFiles.level(level))
                        .resolve("barriers.csv"), csv.toString());
    }

    /** Configures an {@link InstabilityAnalysis}. */
    public static final class Builder extends AnalysisBuilder<Builder> {

        private int level;
        private int points = 30;
        private long seedA = 1;
        private long seedB = 2;
        private double threshold = 0.02;
        private int trainEvalSize = 10_000;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the IMP level whose mask is applied, 0 (the default) for the dense network.
         *
         * @param level the level
         * @return this builder
         */
        public Builder optLevel(int level) {
            if (level < 0) {
                throw new UserMistakeException("--level must be 0 or more, got " + level
                        + ".");
            }
            this.level = level;
            return this;
        }

        /**
         * Sets the number of interpolation points, 30 by default.
         *
         * @param points at least 2
         * @return this builder
         */
        public Builder optPoints(int points) {
            this.points = points;
            return this;
        }

        /**
         * Sets the data-order seeds of the two copies.
         *
         * @param a the first copy's seed
         * @param b the second copy's seed, different from the first
         * @return this builder
         */
        public Builder optSeeds(long a, long b) {
            if (a == b) {
                throw new UserMistakeException(
                        "The two copies need different data-order seeds, got " + a + " twice.");
            }
            this.seedA = a;
            this.seedB = b;
            return this;
        }

        /**
         * Sets the barrier below which a pair counts as stable, 0.02 (2%) by default.
         *
         * @param threshold the threshold as a fraction of error
         * @return this builder
         */
        public Builder optThreshold(double threshold) {
            if (!(threshold > 0 && threshold < 1)) {
                throw new UserMistakeException(
                        "--threshold must be in (0, 1), e.g. 0.02 for 2%, got " + threshold
                                + ".");
            }
            this.threshold = threshold;
            return this;
        }

        /**
         * Sets how many training examples measure the train error along the path.
         *
         * @param size examples, 10,000 by default
         * @return this builder
         */
        public Builder optTrainEvalSize(int size) {
            this.trainEvalSize = size;
            return this;
        }

        /**
         * Checks the settings against the run and builds the analysis.
         *
         * @return the analysis
         * @throws IOException when the run's settings cannot be read
         */
        public InstabilityAnalysis build() throws IOException {
            return new InstabilityAnalysis(this, common());
        }
    }
}

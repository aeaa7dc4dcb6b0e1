package io.ltq.experiments.compare;

import ai.djl.training.Trainer;
import io.ltq.experiments.lottery.RunFiles;
import io.ltq.djl.params.PrunableParameter;
import io.ltq.djl.rewind.NDArrayRewinder;
import io.ltq.djl.rewind.ParameterWriter;
import io.ltq.experiments.lottery.Variant;
import io.ltq.experiments.catalog.Catalog;
import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.ExperimentData;
import io.ltq.experiments.lottery.Network;
import io.ltq.experiments.lottery.LotteryConfig;
import io.ltq.experiments.lottery.LotteryExperiment;
import io.ltq.experiments.lottery.RunDirectory;
import io.ltq.experiments.lottery.RunSession;
import io.ltq.experiments.stability.Interpolation;
import io.ltq.experiments.stability.LinearPath;
import io.ltq.experiments.stability.StabilityResult;
import io.ltq.files.AtomicFiles;
import io.ltq.mask.MaskSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Where tickets go: for each IMP level, how far the retrained ticket lies from the dense trained
 * network it was pruned from (that network under the ticket's mask), in L2 and cosine terms, and
 * whether a straight line joins them without an error barrier — the question of whether tickets
 * retrain back to the dense network's region.
 *
 * <p>Reads {@code level_NN/trained.params} and the masks of a run; writes {@code
 * RUN/distances/distances.csv} and one {@code level_NN_path.csv} per level.
 */
public final class TicketDistances {

    private final RunDirectory dir;
    private final LotteryConfig config;
    private final ExperimentData data;
    private final List<Integer> levels;
    private final int points;
    private final int trainEvalSize;
    private final Network network;

    private TicketDistances(Builder b) throws IOException {
        this.dir = b.dir;
        this.config = RunSession.requireRun(dir);
        this.data = b.data;
        this.points = b.points;
        this.trainEvalSize = b.trainEvalSize;
        this.network = b.network != null ? b.network : Catalog.discover().network(dir, config);
        Interpolation.alphas(points);
        if (!dir.hasParameters(RunFiles.trained(0))) {
            throw new UserMistakeException(
                    dir.root().resolve(RunFiles.trained(0)) + " is missing: the"
                            + " dense level is not finished, or the run was made before LTQ kept"
                            + " trained weights; finish it with ltq lottery or use a newer run.");
        }
        if (b.levels.isEmpty()) {
            List<Integer> found = new ArrayList<>();
            for (int level = 1; dir.hasParameters(RunFiles.trained(level)); level++) {
                found.add(level);
            }
            this.levels = found;
        } else {
            this.levels = List.copyOf(new TreeSet<>(b.levels));
        }
        if (levels.isEmpty()) {
            throw new UserMistakeException(
                    dir.root() + " has no trained pruned level yet: run ltq lottery with --levels"
                            + " 1 or more first.");
        }
        for (int level : levels) {
            if (level < 1 || !dir.hasParameters(RunFiles.trained(level))) {
                throw new UserMistakeException(
                        "Level " + level + " of " + dir.root() + " has no trained weights"
                                + " (level_NN/trained.params): choose levels from 1 to the last"
                                + " finished one.");
            }
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
     * Measures every level and writes the results.
     *
     * @return one row per level
     * @throws IOException when the run's files or the data cannot be read, or writing fails
     */
    public List<TicketDistance> run() throws IOException {
        List<TicketDistance> rows = new ArrayList<>();
        try (RunSession session = RunSession.open(dir, network, data);
                NDArrayRewinder dense = capture(session, 0)) {
            for (int level : levels) {
                MaskSet masks = dir.loadMasks(level, Variant.TICKET);
                MaskSet previous = dir.loadMasks(level - 1, Variant.TICKET);
                try (NDArrayRewinder ticket = capture(session, level);
                        NDArrayRewinder denseMasked = maskedCopy(session, dense, masks)) {
                    session.ticket().setMasks(masks);
                    WeightDistance d = distance(session, ticket, denseMasked);
                    List<StabilityResult.Point> path;
                    try (Trainer trainer = session.newTrainer()) {
                        path = LinearPath.evaluate(trainer, ticket, denseMasked, points,
                                data.test(), data.trainEvaluation(trainEvalSize));
                    }
                    double[] errors = path.stream()
                            .mapToDouble(StabilityResult.Point::testError).toArray();
                    writePath(level, path);
                    rows.add(new TicketDistance(level, 100 * masks.density(), d.l2(),
                            d.relativeL2(), d.cosine(), errors[errors.length - 1], errors[0],
                            Interpolation.barrier(errors), masks.jaccard(previous)));
                }
            }
        }
        StringBuilder csv = new StringBuilder(TicketDistance.CSV_HEADER).append('\n');
        rows.forEach(r -> csv.append(r.toCsv()).append('\n'));
        AtomicFiles.writeString(dir.root().resolve("distances/distances.csv"), csv.toString());
        return rows;
    }

    private static NDArrayRewinder capture(RunSession session, int level) throws IOException {
        session.loadTrained(level);
        NDArrayRewinder r = new NDArrayRewinder(session.model().getBlock(),
                ParameterWriter.IN_PLACE);
        r.capture(level);
        return r;
    }

    private static NDArrayRewinder maskedCopy(
            RunSession session, NDArrayRewinder source, MaskSet masks) {
        source.rewind(masks);
        NDArrayRewinder r = new NDArrayRewinder(session.model().getBlock(),
                ParameterWriter.IN_PLACE);
        r.capture(source.capturedStep());
        return r;
    }

    // Over the prunable weights only: biases and normalization are not what a mask selects.
    private static WeightDistance distance(
            RunSession session, NDArrayRewinder a, NDArrayRewinder b) {
        WeightDistance.Accumulator acc = new WeightDistance.Accumulator();
        for (PrunableParameter p : session.ticket().getParameters().list()) {
            acc.add(a.capturedValue(p.path()).toFloatArray(),
                    b.capturedValue(p.path()).toFloatArray());
        }
        return acc.result();
    }

    private void writePath(int level, List<StabilityResult.Point> path) throws IOException {
        StringBuilder csv = new StringBuilder("alpha,test_error,train_error\n");
        for (StabilityResult.Point p : path) {
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f%n", p.alpha(), p.testError(),
                    p.trainError()));
        }
        AtomicFiles.writeString(dir.root().resolve("distances")
                .resolve(RunFiles.level(level) + "_path.csv"), csv.toString());
    }

    /** Configures {@link TicketDistances}. */
    public static final class Builder {

        private RunDirectory dir;
        private ExperimentData data;
        private List<Integer> levels = List.of();
        private int points = 11;
        private int trainEvalSize = 5_000;
        private Network network;

        Builder() {}

        /**
         * Sets the run to measure.
         *
         * @param dir the run folder of an {@code ltq lottery} run
         * @return this builder
         */
        public Builder setRun(RunDirectory dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Sets the data, split as the run split it.
         *
         * @param data the splits
         * @return this builder
         */
        public Builder setData(ExperimentData data) {
            this.data = Objects.requireNonNull(data, "data");
            return this;
        }

        /**
         * Sets the run's network, for one that no extension registers; by default the one
         * {@code run.json} names is looked up.
         *
         * @param network the network the run was made with
         * @return this builder
         */
        public Builder optNetwork(Network network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /**
         * Sets the levels to measure; by default every trained level from 1.
         *
         * @param levels the levels
         * @return this builder
         */
        public Builder optLevels(List<Integer> levels) {
            this.levels = List.copyOf(levels);
            return this;
        }

        /**
         * Sets the number of points on each straight line, 11 by default.
         *
         * @param points at least 2
         * @return this builder
         */
        public Builder optPoints(int points) {
            this.points = points;
            return this;
        }

        /**
         * Sets how many training examples measure the train error along each line.
         *
         * @param size examples, 5,000 by default
         * @return this builder
         */
        public Builder optTrainEvalSize(int size) {
            this.trainEvalSize = size;
            return this;
        }

        /**
         * Checks the run and builds the measurement.
         *
         * @return the measurement
         * @throws IOException when the run's settings cannot be read
         */
        public TicketDistances build() throws IOException {
            Objects.requireNonNull(dir, "setRun is required");
            Objects.requireNonNull(data, "setData is required");
            return new TicketDistances(this);
        }
    }
}

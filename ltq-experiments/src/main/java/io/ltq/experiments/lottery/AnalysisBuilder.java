package io.ltq.experiments.lottery;

import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * What the builders of the analyses that retrain a finished run from step k share ({@code ltq
 * stability}, {@code ltq retrain}): the run, its data for a data-order seed, the steps k and a
 * progress listener.
 *
 * @param <T> the concrete builder, returned by every method for chaining
 */
public abstract class AnalysisBuilder<T extends AnalysisBuilder<T>> {

    private RunDirectory dir;
    private LongFunction<ExperimentData> data;
    private List<Long> steps = List.of(0L);
    private RunListener listener = RunListener.NONE;
    private Network network;

    /** For subclasses. */
    protected AnalysisBuilder() {}

    /**
     * Returns this builder as its concrete type.
     *
     * @return this
     */
    protected abstract T self();

    /**
     * Sets the run to analyse.
     *
     * @param dir the run folder of an {@code ltq lottery} run
     * @return this builder
     */
    public T setRun(RunDirectory dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
        return self();
    }

    /**
     * Sets the data, split as the run split it, with the training order from a seed.
     *
     * @param data makes the splits for a data-order seed
     * @return this builder
     */
    public T setData(LongFunction<ExperimentData> data) {
        this.data = Objects.requireNonNull(data, "data");
        return self();
    }

    /**
     * Sets the steps k the analysis starts from; 0 by default.
     *
     * @param steps steps within the run's training
     * @return this builder
     */
    public T optSteps(List<Long> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("Give at least one step k.");
        }
        this.steps = List.copyOf(steps);
        return self();
    }

    /**
     * Receives progress.
     *
     * @param listener the listener
     * @return this builder
     */
    public T optListener(RunListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return self();
    }

    /**
     * Sets the run's network, for a network that no {@link
     * io.ltq.experiments.catalog.LtqExtension} registers; by default the one {@code run.json}
     * names is looked up.
     *
     * @param network the network the run was made with
     * @return this builder
     */
    public T optNetwork(Network network) {
        this.network = Objects.requireNonNull(network, "network");
        return self();
    }

    /**
     * Returns the shared settings, checking that the run and the data were set.
     *
     * @return the settings
     */
    protected Common common() {
        return new Common(Objects.requireNonNull(dir, "setRun is required"),
                Objects.requireNonNull(data, "setData is required"), steps, listener, network);
    }

    /**
     * The settings every analysis of a run has.
     *
     * @param run the run folder
     * @param data the run's data for a data-order seed
     * @param steps the steps k, as given
     * @param listener receives progress
     * @param network the run's network, or {@code null} to look up the one {@code run.json}
     *     names
     */
    public record Common(RunDirectory run, LongFunction<ExperimentData> data, List<Long> steps,
            RunListener listener, Network network) {}
}

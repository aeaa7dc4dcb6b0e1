package io.ltq.experiments.lottery;

import static io.ltq.experiments.lottery.InvalidSettingException.check;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting of an iterative-magnitude-pruning run, grouped as OpenLTH groups its
 * hyperparameters: enough, with the recorded versions, to repeat it. Each group checks its own
 * settings; this record checks what spans groups. Written to {@code run.json}; a resumed run must
 * have the same settings, except the number of levels, which may grow.
 *
 * @param network the network, engine and device
 * @param data the dataset and how it is portioned
 * @param training optimizer, schedule, steps and evaluation
 * @param pruning rates, scope, levels, rewind step and controls
 * @param seeds the seeds of the initialization, the data order and the validation split
 * @param structure single weights or whole units, and how units are scored and trained
 */
public record LotteryConfig(
        NetworkSettings network,
        DataSettings data,
        TrainingSettings training,
        PruningSettings pruning,
        SeedSettings seeds,
        StructureSettings structure) {

    /** The controls that train the compact architecture from scratch (Liu et al. 2019). */
    static final List<String> SCRATCH_CONTROLS = List.of("scratch_e", "scratch_b");

    /**
     * Checks that every group is there (an unstructured run where {@code run.json} has no
     * structure group), the rewind step lies within training, and what needs a structured run
     * has one.
     */
    public LotteryConfig {
        structure = structure == null ? StructureSettings.DEFAULTS : structure;
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(pruning, "pruning");
        Objects.requireNonNull(seeds, "seeds");
        long iterations = training.iterations();
        check(pruning.rewindStep() < iterations,
                "{rewindStep} " + pruning.rewindStep() + " is beyond training: rewind to a step"
                        + " from 0 to " + (iterations - 1) + " (training lasts " + iterations
                        + " iterations).");
        for (String control : pruning.controls()) {
            check(structure.isStructured() || !SCRATCH_CONTROLS.contains(control),
                    "{controls} " + control + " trains a compact architecture from scratch, which"
                            + " only a structured run has: add {structure} neurons or channels,"
                            + " or leave " + control + " out.");
        }
        check(structure.isStructured() || !pruning.pruner().equals(RefillStrategy.NAME),
                "{pruner} refill turns weights into whole units, which needs {structure} neurons"
                        + " or channels.");
    }

    /**
     * Makes the settings of an unstructured run.
     *
     * @param network the network, engine and device
     * @param data the dataset and how it is portioned
     * @param training optimizer, schedule, steps and evaluation
     * @param pruning rates, scope, levels, rewind step and controls
     * @param seeds the seeds
     */
    public LotteryConfig(NetworkSettings network, DataSettings data, TrainingSettings training,
            PruningSettings pruning, SeedSettings seeds) {
        this(network, data, training, pruning, seeds, StructureSettings.DEFAULTS);
    }

    /**
     * Returns every setting by its field name, group by group in declaration order — what
     * resumes compare and reports group runs by. Field names are unique across groups.
     *
     * @return an unmodifiable map from field name (e.g. {@code learningRate}) to value
     */
    public Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent group : LotteryConfig.class.getRecordComponents()) {
            Record settings = (Record) value(group, this);
            for (RecordComponent c : settings.getClass().getRecordComponents()) {
                out.put(c.getName(), value(c, settings));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Returns the settings that differ from another run's, by field name, for the resume check.
     * The number of levels is not compared: a finished run can be extended.
     *
     * @param other the settings recorded in {@code run.json}
     * @return one "name: recorded → now" line per difference, empty when compatible
     */
    public List<String> differencesFrom(LotteryConfig other) {
        List<String> out = new ArrayList<>();
        Map<String, Object> recorded = other.settings();
        settings().forEach((name, now) -> {
            Object was = recorded.get(name);
            if (!name.equals("levels") && !Objects.equals(was, now)) {
                out.add(name + ": " + was + " → " + now);
            }
        });
        return out;
    }

    /**
     * Returns a copy with another number of levels.
     *
     * @param newLevels the number of pruning levels
     * @return the new settings
     */
    public LotteryConfig withLevels(int newLevels) {
        return new LotteryConfig(network, data, training, pruning.withLevels(newLevels), seeds,
                structure);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s on %s (%s, %s), %d levels × %d iterations",
                network.model(), data.dataset(), network.engine(), network.device(),
                pruning.levels(), training.iterations());
    }

    static Object value(RecordComponent c, Record of) {
        try {
            return c.getAccessor().invoke(of);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The defaults of every group: LeNet-300-100 on Fashion-MNIST on PyTorch, the paper's
     * training and pruning, seeds 0; a test or a program states only what it changes.
     */
    public static final LotteryConfig DEFAULTS = new LotteryConfig(NetworkSettings.DEFAULTS,
            DataSettings.DEFAULTS, TrainingSettings.DEFAULTS, PruningSettings.DEFAULTS,
            SeedSettings.DEFAULTS, StructureSettings.DEFAULTS);

    /**
     * Returns a copy with another network group.
     *
     * @param value the new value
     * @return the new settings
     */
    public LotteryConfig withNetwork(NetworkSettings value) {
        return new LotteryConfig(value, data, training, pruning, seeds, structure);
    }

    /**
     * Returns a copy with another data group.
     *
     * @param value the new value
     * @return the new settings
     */
    public LotteryConfig withData(DataSettings value) {
        return new LotteryConfig(network, value, training, pruning, seeds, structure);
    }

    /**
     * Returns a copy with another training group.
     *
     * @param value the new value
     * @return the new settings
     */
    public LotteryConfig withTraining(TrainingSettings value) {
        return new LotteryConfig(network, data, value, pruning, seeds, structure);
    }

    /**
     * Returns a copy with another pruning group.
     *
     * @param value the new value
     * @return the new settings
     */
    public LotteryConfig withPruning(PruningSettings value) {
        return new LotteryConfig(network, data, training, value, seeds, structure);
    }

    /**
     * Returns a copy with another seed group.
     *
     * @param value the new value
     * @return the new settings
     */
    public LotteryConfig withSeeds(SeedSettings value) {
        return new LotteryConfig(network, data, training, pruning, value, structure);
    }

    /**
     * Returns a copy with another structure group.
     *
     * @param value the new value
     * @return the new settings
     */
    public LotteryConfig withStructure(StructureSettings value) {
        return new LotteryConfig(network, data, training, pruning, seeds, value);
    }
}

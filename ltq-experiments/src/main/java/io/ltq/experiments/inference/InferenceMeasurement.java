package io.ltq.experiments.inference;

import io.ltq.experiments.UserMistakeException;
import io.ltq.experiments.lottery.LtqJson;
import io.ltq.experiments.lottery.RunFiles;
import io.ltq.experiments.provenance.Provenance;
import io.ltq.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a run's inference times were measured, as {@code RUN/inference/inference.json} records it
 * beside the rows of {@code inference.csv} ({@link InferenceTime}): the date, the machine and
 * engine, the batch, the repetitions and what network each level ran as. Timings are comparable
 * only between rows measured on one machine; this file says which that was.
 *
 * @param format the version of this layout, {@value #FORMAT}
 * @param date when the measurement started (UTC, ISO-8601)
 * @param network the run's network ({@code --model})
 * @param structure the run's {@code --structure}: {@code weights} (unstructured), {@code neurons}
 *     or {@code channels}
 * @param timed what network each level ran as, in words
 * @param runs every run folder timed in the same round-robin, this one included: their rows
 *     compare best, their drift spread alike
 * @param batch the examples of one forward pass
 * @param engineThreads the engine's intra-op threads while timing
 * @param warmupCalls untimed forward passes of each level first
 * @param repeats timed rounds of each level; each round times a block of {@code callsPerRound}
 *     passes of every level of every run in {@code runs}, in turn
 * @param callsPerRound forward passes of one level in a round
 * @param statistic how {@code ms_per_batch} is made of the rounds, in words
 * @param quick whether {@code ltq bench --quick} took it: a check, not a measurement to quote
 * @param machine the machine and engine ({@link Provenance#ofThisMachine})
 */
public record InferenceMeasurement(
        int format,
        String date,
        String network,
        String structure,
        String timed,
        List<String> runs,
        int batch,
        int engineThreads,
        int warmupCalls,
        int repeats,
        int callsPerRound,
        String statistic,
        boolean quick,
        Provenance machine) {

    /** Copies the runs. */
    public InferenceMeasurement {
        runs = List.copyOf(runs);
    }

    /** The version of the layout this class writes. */
    public static final int FORMAT = 1;

    /** The run's folder of the two files. */
    public static final String FOLDER = "inference";

    /** The rows, one per finished ticket level. */
    public static final String CSV = "inference.csv";

    /** This record. */
    public static final String JSON = "inference.json";

    /**
     * Returns where a run's rows are.
     *
     * @param run the run folder
     * @return {@code RUN/inference/inference.csv}
     */
    public static Path csv(Path run) {
        return run.resolve(FOLDER).resolve(CSV);
    }

    /**
     * Writes this record and the rows into a run's {@code inference/} folder, replacing what a
     * measurement before left there. Each file is written whole or not at all, the CSV last, so
     * that a reader never finds rows without the record of how they were taken.
     *
     * @param run the run folder
     * @param rows the levels, in level order
     * @throws IOException when writing fails
     */
    public void write(Path run, List<InferenceTime> rows) throws IOException {
        Path csv = csv(run);
        Files.createDirectories(csv.getParent());
        AtomicFiles.writeString(csv.resolveSibling(JSON), LtqJson.PRETTY.toJson(this) + "\n");
        StringBuilder text = new StringBuilder(InferenceTime.CSV_HEADER).append('\n');
        rows.forEach(r -> text.append(r.toCsv()).append('\n'));
        AtomicFiles.writeString(csv, text.toString());
    }

    /**
     * Reads a run's rows.
     *
     * @param run the run folder
     * @return the rows in file order; empty when the run has no {@code inference/inference.csv}
     * @throws IOException when the file exists but cannot be read
     * @throws UserMistakeException when a row is damaged, naming the file and the fix
     */
    public static List<InferenceTime> readRows(Path run) throws IOException {
        return RunFiles.readRows(csv(run), InferenceTime::parse, "an inference row",
                "delete the file and rerun ltq bench --only tickets --runs " + run);
    }
}

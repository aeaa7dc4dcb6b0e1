package io.ltq.experiments.inference;

import java.util.Locale;

/**
 * One finished ticket level's inference time: the network the level runs as (a structured
 * ticket's compact network, an unstructured ticket's dense one), a forward pass of a batch in
 * inference mode. A row of {@code RUN/inference/inference.csv}.
 *
 * @param level the pruning level
 * @param weightsRemaining the percentage of prunable weights that survive, as the level's
 *     summary records it
 * @param macs multiply-accumulates per example of the network timed
 * @param batch the examples of one forward pass
 * @param msPerBatch the median wall milliseconds of one forward pass of the batch
 * @param examplesPerSecond {@code batch} over that median
 * @param engine the engine that ran it
 */
public record InferenceTime(
        int level,
        double weightsRemaining,
        long macs,
        int batch,
        double msPerBatch,
        double examplesPerSecond,
        String engine) {

    /** The header of {@link #toCsv()} rows. */
    public static final String CSV_HEADER =
            "level,weights_remaining,macs,batch,ms_per_batch,examples_per_second,engine";

    /**
     * Formats this row as CSV.
     *
     * @return the row, without a line break
     */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%.4f,%d,%d,%.6f,%.1f,%s", level,
                weightsRemaining, macs, batch, msPerBatch, examplesPerSecond, engine);
    }

    /**
     * Parses a row written by {@link #toCsv()}.
     *
     * @param line the row
     * @return the level's time
     * @throws IllegalArgumentException when the row does not have seven fields of the right kinds
     */
    public static InferenceTime parse(String line) {
        String[] f = line.strip().split(",");
        if (f.length != 7) {
            throw new IllegalArgumentException("expected 7 values, found " + f.length);
        }
        try {
            return new InferenceTime(Integer.parseInt(f[0]), Double.parseDouble(f[1]),
                    Long.parseLong(f[2]), Integer.parseInt(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]), f[6]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}

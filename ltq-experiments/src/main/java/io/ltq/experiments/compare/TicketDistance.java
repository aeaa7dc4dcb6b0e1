package io.ltq.experiments.compare;

/**
 * Where one level's retrained ticket ended up relative to the dense network it came from.
 *
 * @param level the IMP level
 * @param weightsRemaining percent of prunable weights remaining
 * @param l2 L2 distance between the ticket and the masked dense trained network
 * @param relativeL2 that distance divided by the masked dense network's norm
 * @param cosine cosine similarity of the two
 * @param ticketTestError test error of the ticket
 * @param denseMaskedTestError test error of the dense trained network with the ticket's mask
 * @param testBarrier the error barrier on the straight line between them
 * @param jaccardWithPreviousLevel mask overlap with level L − 1 (equals the density ratio, as
 *     IMP masks are nested)
 */
public record TicketDistance(
        int level,
        double weightsRemaining,
        double l2,
        double relativeL2,
        double cosine,
        double ticketTestError,
        double denseMaskedTestError,
        double testBarrier,
        double jaccardWithPreviousLevel) {

    /** The header of {@link #toCsv()} rows. */
    public static final String CSV_HEADER =
            "level,weights_remaining,l2,relative_l2,cosine,ticket_test_error,"
                    + "dense_masked_test_error,test_barrier,jaccard_previous_level";

    /**
     * Formats this row as CSV.
     *
     * @return the row, without a line break
     */
    public String toCsv() {
        return String.format(java.util.Locale.ROOT, "%d,%.4f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f",
                level, weightsRemaining, l2, relativeL2, cosine, ticketTestError,
                denseMaskedTestError, testBarrier, jaccardWithPreviousLevel);
    }

    /**
     * Parses a row written by {@link #toCsv()}.
     *
     * @param line the row
     * @return the distance
     * @throws IllegalArgumentException when the row does not have nine numbers
     */
    public static TicketDistance parse(String line) {
        String[] f = line.strip().split(",");
        if (f.length != 9) {
            throw new IllegalArgumentException("expected 9 values, found " + f.length);
        }
        try {
            return new TicketDistance(Integer.parseInt(f[0]), Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                    Double.parseDouble(f[8]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}

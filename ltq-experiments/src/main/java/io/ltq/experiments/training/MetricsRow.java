package io.ltq.experiments.training;

/**
 * What one evaluation point of a training run records, one row of {@code metrics.csv}.
 *
 * @param step the number of optimizer steps taken
 * @param trainLoss the mean training loss over the steps since the previous row
 * @param validationLoss the loss on the validation split
 * @param validationAccuracy the accuracy on the validation split
 * @param testAccuracy the accuracy on the test set
 */
public record MetricsRow(
        long step,
        double trainLoss,
        double validationLoss,
        double validationAccuracy,
        double testAccuracy) {

    /** The CSV header matching {@link #toCsv()}. */
    public static final String CSV_HEADER =
            "step,train_loss,validation_loss,validation_accuracy,test_accuracy";

    /**
     * Formats the row as CSV.
     *
     * @return the comma-separated values
     */
    public String toCsv() {
        return step + "," + fmt(trainLoss) + "," + fmt(validationLoss) + ","
                + fmt(validationAccuracy) + "," + fmt(testAccuracy);
    }

    /**
     * Parses a row written by {@link #toCsv()}.
     *
     * @param line one CSV line
     * @return the row
     */
    public static MetricsRow parse(String line) {
        String[] f = line.split(",");
        if (f.length != 5) {
            throw new IllegalArgumentException("Not a metrics row: " + line);
        }
        return new MetricsRow(
                Long.parseLong(f[0]),
                Double.parseDouble(f[1]),
                Double.parseDouble(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4]));
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(java.util.Locale.ROOT, "%.6f", v);
    }
}

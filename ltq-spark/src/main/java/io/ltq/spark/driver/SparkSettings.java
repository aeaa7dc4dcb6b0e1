package io.ltq.spark.driver;

import io.ltq.experiments.UserMistakeException;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.spark.SparkConf;

/**
 * The Spark configuration of a sweep: one task per run with {@code spark.task.cpus} cores, the
 * task retried up to {@code spark.task.maxFailures} times, no speculative copies (a run folder
 * has one writer at a time), Spark's console progress bar off (the sweep prints its own), its
 * log level ({@code spark.log.level}, warnings by default), the
 * web UI off in local mode unless asked for, the driver on the loopback address in local mode,
 * GPUs per task when asked for, the user's own {@code --conf} settings, and on a cluster an
 * executor memory overhead for the runs' own JVMs ({@link #RUN_MEMORY_MB} each) unless set.
 *
 * <pre>
 * SparkConf conf = SparkSettings.builder()
 *         .setMaster(SparkMaster.local(2, 4))
 *         .setThreads(1)
 *         .setMaxFailures(4)
 *         .build();
 * </pre>
 */
public final class SparkSettings {

    /**
     * What one run's own JVM needs beside its executor, in MB: a LeNet-300-100 run on
     * Fashion-MNIST peaks at 455–562 MB (docs/performance.md, section 6), with room above it.
     */
    public static final int RUN_MEMORY_MB = 768;

    private SparkSettings() {}

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a sweep's {@link SparkConf}. Not thread-safe. */
    public static final class Builder {

        private SparkMaster master;
        private String appName = "ltq sweep";
        private int threads = 1;
        private int maxFailures = 4;
        private boolean ui;
        private String logLevel = "WARN";
        private Double gpusPerRun;
        private List<String> conf = List.of();

        Builder() {}

        /**
         * Sets the master; leave it unset under {@code spark-submit}, which sets it.
         *
         * @param master the master
         * @return this builder
         */
        public Builder setMaster(SparkMaster master) {
            this.master = master;
            return this;
        }

        /**
         * Sets the application's name in Spark's UI and logs.
         *
         * @param appName the name
         * @return this builder
         */
        public Builder optAppName(String appName) {
            this.appName = appName;
            return this;
        }

        /**
         * Sets the cores each run takes: its engine threads.
         *
         * @param threads {@code spark.task.cpus}
         * @return this builder
         */
        public Builder setThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Sets how many times a run's task is tried.
         *
         * @param maxFailures {@code spark.task.maxFailures}
         * @return this builder
         */
        public Builder setMaxFailures(int maxFailures) {
            this.maxFailures = maxFailures;
            return this;
        }

        /**
         * Keeps Spark's web UI on in local mode (a cluster keeps its own setting).
         *
         * @param ui whether to serve it
         * @return this builder
         */
        public Builder optUi(boolean ui) {
            this.ui = ui;
            return this;
        }

        /**
         * Sets what Spark logs ({@code spark.log.level}, which Spark applies as it starts, over
         * whatever configured Log4j).
         *
         * @param level a Log4j level name; {@code WARN} by default
         * @return this builder
         * @throws UserMistakeException for a name Log4j does not know
         */
        public Builder optLogLevel(String level) {
            if (Level.getLevel(level.toUpperCase(Locale.ROOT)) == null) {
                throw new UserMistakeException("--spark-log-level " + level + " is not a"
                        + " level: give error, warn, info or debug.");
            }
            this.logLevel = level.toUpperCase(Locale.ROOT);
            return this;
        }

        /**
         * Sets the GPUs each run's task needs from its executor.
         *
         * @param gpus {@code spark.task.resource.gpu.amount}, or {@code null} for none
         * @return this builder
         */
        public Builder optGpusPerRun(Double gpus) {
            this.gpusPerRun = gpus;
            return this;
        }

        /**
         * Adds the user's settings, applied last.
         *
         * @param conf {@code key=value} pairs
         * @return this builder
         */
        public Builder optConf(List<String> conf) {
            this.conf = List.copyOf(conf);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws UserMistakeException for a {@code --conf} that is no {@code key=value}
         *     pair, or that turns speculation on
         */
        public SparkConf build() {
            SparkConf c = new SparkConf();
            if (master != null) {
                c.setMaster(master.url());
            }
            c.setAppName(appName);
            c.set("spark.task.cpus", Integer.toString(threads));
            c.set("spark.task.maxFailures", Integer.toString(maxFailures));
            c.set("spark.speculation", "false");
            c.set("spark.ui.showConsoleProgress", "false");
            c.set("spark.locality.wait", "0s");
            c.set("spark.log.level", logLevel);
            boolean local = master == null ? c.get("spark.master", "").startsWith("local")
                    : master.isLocal();
            if (local) {
                c.set("spark.ui.enabled", Boolean.toString(ui));
                c.set("spark.driver.host", "127.0.0.1");
                c.set("spark.driver.bindAddress", "127.0.0.1");
            } else if (ui) {
                c.set("spark.ui.enabled", "true");
            }
            if (gpusPerRun != null) {
                c.set("spark.task.resource.gpu.amount", gpusPerRun.toString());
            }
            for (String kv : conf) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new UserMistakeException("--conf " + kv + " is not a setting: give"
                            + " KEY=VALUE, e.g. --conf spark.executor.memory=8g.");
                }
                String key = kv.substring(0, eq).strip();
                String value = kv.substring(eq + 1).strip();
                if (key.equals("spark.speculation")
                        && value.toLowerCase(Locale.ROOT).equals("true")) {
                    throw new UserMistakeException("--conf spark.speculation=true would run"
                            + " two copies of a run into one folder: leave speculation off.");
                }
                c.set(key, value);
            }
            // On a cluster each run's JVM lives in its executor's container but outside the
            // executor's heap: YARN and Kubernetes count it in the memory overhead, so size that
            // for the runs one executor takes at once, unless the user did.
            if (!local && !c.contains("spark.executor.memoryOverhead")) {
                int runs = Math.max(1, c.getInt("spark.executor.cores", 1) / threads);
                c.set("spark.executor.memoryOverhead", runs * RUN_MEMORY_MB + "m");
            }
            return c;
        }
    }
}

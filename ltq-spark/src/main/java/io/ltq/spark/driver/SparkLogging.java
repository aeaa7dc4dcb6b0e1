package io.ltq.spark.driver;

import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Keeps Spark's own logging out of the way of the sweep's lines: Spark, its shaded Jetty and
 * Hadoop log at {@code --spark-log-level} (warnings by default) in the driver. {@code ltq}'s
 * {@code log4j2.xml} says the same, but under {@code spark-submit} Log4j is configured before the
 * application's jar is on the class path, and Spark then falls back to its defaults at INFO.
 */
final class SparkLogging {

    private static final List<String> LOGGERS =
            List.of("org.apache.spark", "org.sparkproject", "org.apache.hadoop");

    private SparkLogging() {}

    /**
     * Sets the level of Spark's loggers.
     *
     * @param name a Log4j level name, e.g. {@code warn} or {@code info}
     * @throws IllegalArgumentException for a name Log4j does not know
     */
    static void setLevel(String name) {
        Level level = Level.getLevel(name.toUpperCase(Locale.ROOT));
        if (level == null) {
            throw new IllegalArgumentException("--spark-log-level " + name + " is not a level:"
                    + " give error, warn, info or debug.");
        }
        LOGGERS.forEach(logger -> Configurator.setLevel(logger, level));
    }
}

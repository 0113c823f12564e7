package io.github.emrflow.local;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.apache.spark.sql.SparkSession;

/** The embedded Spark session local jobs run in: local[*], quiet, bound to the loopback, no UI. */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession local(String appName) {
        quietLogging();
        return SparkSession.builder()
                .appName(appName)
                .master("local[*]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    }

    /**
     * Spark logs at INFO unless log4j2 already has a configuration of its own; give it one that
     * prints only errors, so users see emrflow's lines rather than Spark's start-up chatter.
     */
    private static void quietLogging() {
        // Spark asks LogManager for the "current" context, which can differ from the default one.
        for (boolean current : new boolean[] {false, true}) {
            ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
            builder.setStatusLevel(Level.ERROR);
            builder.add(builder.newAppender("stderr", "Console")
                    .addAttribute("target", "SYSTEM_ERR")
                    .add(builder.newLayout("PatternLayout").addAttribute("pattern", "spark: %level %c{1}: %msg%n")));
            builder.add(builder.newRootLogger(Level.ERROR).add(builder.newAppenderRef("stderr")));
            ((LoggerContext) LogManager.getContext(current)).reconfigure(builder.build());
        }
    }
}

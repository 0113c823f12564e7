package io.github.emrflow.local;

import io.github.emrflow.render.Aggregation;
import io.github.emrflow.local.InputCheck;
import io.github.emrflow.UserError;
import java.nio.file.Path;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The salary job on embedded Spark (local mode): the same schema and SQL as the PySpark job on EMR
 * Serverless, from templates/aggregation.ftl. Only run.java --local and the emulator's job runner
 * load this class, so no other script pays for Spark.
 */
public final class LocalJob {
    private LocalJob() {
    }

    /**
     * The PySpark job's command line on embedded Spark, for the offline emulator's job runner:
     * {@code --templates DIR --input FILE --output DIR [--salary-column COL] [--title-filter=REGEX]}.
     * Errors go to stderr as one line (the emulator puts the last one in the job's stateDetails).
     */
    public static void main(String... args) {
        java.util.Map<String, String> options = new java.util.HashMap<>(java.util.Map.of("--salary-column", "salary_in_usd", "--title-filter", ""));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                options.put(arg, args[++i]);
            }
        }
        try {
            for (String required : new String[] {"--templates", "--input", "--output"}) {
                if (!options.containsKey(required)) {
                    throw UserError.badInput("missing " + required);
                }
            }
            Aggregation aggregation = new io.github.emrflow.render.TemplateRenderer(Path.of(options.get("--templates"))).aggregation();
            run(aggregation, Path.of(options.get("--input")), Path.of(options.get("--output")), options.get("--salary-column"),
                    options.get("--title-filter"));
            System.out.println("emrflow: wrote the salary table to " + options.get("--output"));
        } catch (UserError e) {
            System.err.println("error: " + e.getMessage());
            System.exit(e.exitCode());
        }
    }

    /**
     * Aggregates {@code input} into CSV part files under {@code outputDir} (which must not exist).
     * Bad input is a {@link UserError}; the output is left to the caller to publish or discard.
     */
    public static void run(Aggregation aggregation, Path input, Path outputDir, String salaryColumn, String titleFilter) {
        String sql = aggregation.sqlFor(salaryColumn);
        InputCheck.check(input, aggregation, salaryColumn);
        SparkSession spark = session("emrflow-local");
        try {
            Dataset<Row> salaries = spark.read()
                    .option("header", "true")
                    .option("mode", "FAILFAST")
                    .option("enforceSchema", "false")
                    .schema(aggregation.inputSchema())
                    .csv(input.toString())
                    // Cached, every column of every row is parsed (not only those the SQL reads),
                    // so FAILFAST rejects any row that does not fit the schema.
                    .cache();
            salaries.createOrReplaceTempView("salaries");
            Dataset<Row> result = spark.sql(sql, Map.of("title_filter", titleFilter));
            result.coalesce(1).write().mode("errorifexists").option("header", "true").csv(outputDir.toString());
        } catch (Exception e) {
            throw explain(e, input);
        } finally {
            spark.stop();
        }
    }

    /** An embedded local[*] session, quiet, bound to the loopback, no UI: the one the local job runs in. */
    public static SparkSession session(String appName) {
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

    /** Turns Spark's parse failure into the one line a user needs. */
    static RuntimeException explain(Exception e, Path input) {
        String badValue = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NumberFormatException nfe) {
                badValue = " (" + between(String.valueOf(nfe.getMessage()), "For input string: ", "\n") + " is not a whole number)";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("MALFORMED_RECORD_IN_PARSING") || message.contains("Malformed records")) {
                String record = between(message, "record parsing: ", "\n");
                return UserError.badInput("input file " + input + " has a row that does not fit the schema"
                        + " (salaries must be whole numbers): " + record + badValue, e);
            }
        }
        return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        if (from < 0) {
            return "";
        }
        from += start.length();
        int to = text.indexOf(end, from);
        return (to < 0 ? text.substring(from) : text.substring(from, to)).strip();
    }
}

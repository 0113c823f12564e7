///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Spark first, as in run.java: JBang takes the first version it meets.
//DEPS io.github.emrflow:emrflow-bom:0.1.0-SNAPSHOT@pom
//DEPS org.apache.spark:spark-sql_2.13
//DEPS io.github.emrflow:emrflow-core
//JAVA_OPTIONS --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED

import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.JobDefinitionLoader;
import io.github.emrflow.job.JobParameters;
import io.github.emrflow.local.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Benchmark helper: the salary job as the console tutorial runs it, reading the CSV with its header
 * only and no schema, so every column (salaries included) is a string. Everything else is what
 * run.java --local does on embedded Spark (LocalJob): the same session settings, the cached input,
 * the salary sample's SQL from job/query.sql, one CSV part file written (here to a temporary folder).
 * With --diff it also runs the typed job (job/schema.ddl) in the same session and counts the titles
 * whose max or min differ, per salary column. It is a benchmark of the salary sample, not engine code.
 */
public class string_variant {
    private static Map<String, Object> params(JobDefinition job, String salaryColumn) {
        return JobParameters.defaults(job).with(Map.of("salary_column", salaryColumn), "string_variant").typed();
    }

    public static void main(String[] args) throws Exception {
        Path jobDir = Path.of("job");
        Path input = Path.of("data/ds_salaries.csv");
        String salaryColumn = "salary_in_usd";
        boolean diff = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--job" -> jobDir = Path.of(value(args, ++i));
                case "--input" -> input = Path.of(value(args, ++i));
                case "--salary-column" -> salaryColumn = value(args, ++i);
                case "--diff" -> diff = true;
                default -> usage("unknown option " + args[i]);
            }
        }
        JobDefinition job = JobDefinitionLoader.load(jobDir);
        String schema = job.schema();
        String sql = job.sql();
        List<String> salaryColumns = job.requireParameter("salary_column", "string_variant").allowed();
        if (!salaryColumns.contains(salaryColumn)) {
            usage("--salary-column must be one of " + salaryColumns);
        }

        long start = System.nanoTime();
        SparkSession spark = SparkSessions.local("emrflow-string-variant");
        Path output = Files.createTempDirectory("emrflow-string-variant");
        try {
            Dataset<Row> strings = spark.read().option("header", "true").csv(input.toString()).cache();
            strings.createOrReplaceTempView("salaries");
            Dataset<Row> result = spark.sql(sql, params(job, salaryColumn));
            result.coalesce(1).write().mode("overwrite").option("header", "true").csv(output.resolve("out").toString());
            long titles = titlesWritten(output.resolve("out")); // from the file: count() would aggregate again
            System.out.printf("string variant: %d job titles from %s in %.1f s (Spark session to output written)%n",
                    titles, input, (System.nanoTime() - start) / 1e9);
            if (diff) {
                Dataset<Row> typed = spark.read()
                        .option("header", "true")
                        .option("mode", "FAILFAST")
                        .option("enforceSchema", "false")
                        .schema(schema)
                        .csv(input.toString())
                        .cache();
                for (String column : salaryColumns) {
                    strings.createOrReplaceTempView("salaries");
                    Map<String, List<Object>> asStrings = byTitle(spark.sql(sql, params(job, column)));
                    typed.createOrReplaceTempView("salaries");
                    Map<String, List<Object>> asNumbers = byTitle(spark.sql(sql, params(job, column)));
                    long differ = asNumbers.entrySet().stream()
                            .filter(e -> !sameNumbers(e.getValue(), asStrings.get(e.getKey())))
                            .count();
                    System.out.printf("%s: max/min differ between string and typed for %d of %d titles%n",
                            column, differ, asNumbers.size());
                }
            }
        } finally {
            spark.stop();
            deleteTree(output);
        }
    }

    private static long titlesWritten(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long lines = 0;
            for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                try (Stream<String> rows = Files.lines(part)) {
                    lines += rows.count() - 1; // header
                }
            }
            return lines;
        }
    }

    private static Map<String, List<Object>> byTitle(Dataset<Row> result) {
        Map<String, List<Object>> byTitle = new HashMap<>();
        for (Row row : result.collectAsList()) {
            byTitle.put(row.getString(0), List.of(row.get(1), row.get(2)));
        }
        return byTitle;
    }

    /** Typed max/min (numbers) against the string job's (text), compared as numbers. */
    private static boolean sameNumbers(List<Object> typed, List<Object> strings) {
        if (strings == null) {
            return false;
        }
        for (int i = 0; i < typed.size(); i++) {
            if (Long.parseLong(String.valueOf(strings.get(i)).strip()) != ((Number) typed.get(i)).longValue()) {
                return false;
            }
        }
        return true;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: ./jbang string_variant.java [--job DIR] [--input CSV] [--salary-column COLUMN] [--diff]");
        System.exit(2);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

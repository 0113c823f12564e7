package io.github.emrflow.local;

import io.github.emrflow.UserError;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.JobParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The job's SQL on embedded Spark (local mode): the input read with the job's typed schema, the
 * SQL run with the parameters bound by name, the declared output columns written as CSV. This is
 * what the PySpark script does on EMR Serverless, from the same job/ files, for machines with Java
 * and no PySpark. Only the local runner loads this class, so no other script pays for Spark.
 */
public final class LocalJob {
    private LocalJob() {
    }

    /**
     * Runs {@code job} over {@code input} into CSV part files under {@code outputDir} (which must not
     * exist). Bad input or a missing output column is a {@link UserError}, raised before anything is
     * written; publishing or discarding the output is the caller's.
     */
    public static void run(JobDefinition job, Path input, Path outputDir, JobParameters parameters) {
        run(job, input, outputDir, parameters, null);
    }

    /**
     * As {@link #run(JobDefinition, Path, Path, JobParameters)}, the job's UDFs loaded from
     * {@code pyFiles} (the zip of its packages, as deployed), or from job/ when it is null.
     */
    public static void run(JobDefinition job, Path input, Path outputDir, JobParameters parameters, Path pyFiles) {
        InputCheck.check(input, job);
        SparkSession spark = SparkSessions.local("emrflow-" + job.name());
        PythonUdfBridge udfs = null;
        Path ownZip = null;
        try {
            if (!job.udfs().isEmpty()) {
                Path zip = pyFiles;
                if (zip == null) {
                    zip = ownZip = job.modules().writeZip(Files.createTempFile("emrflow-" + job.name() + "-", ".zip"));
                }
                udfs = PythonUdfBridge.register(spark, zip, job.udfs(), System.getenv());
            }
            Dataset<Row> table = spark.read()
                    .option("header", "true")
                    .option("mode", "FAILFAST")
                    .option("enforceSchema", "false")
                    .schema(job.schema())
                    .csv(input.toString())
                    // Cached, every column of every row is parsed (not only those the SQL reads),
                    // so FAILFAST rejects any row that does not fit the schema.
                    .cache();
            table.createOrReplaceTempView(job.table());
            Dataset<Row> result = spark.sql(job.sql(), parameters.typed());
            Dataset<Row> declared = result.select(outputColumns(job, result).toArray(Column[]::new));
            if (declared.isEmpty()) {
                throw UserError.badInput("the job produced no rows from " + input + " (empty input, or no row matches the parameters "
                        + parameters + ")");
            }
            // escape = quote: RFC 4180 doubled quotes, which CSV readers (results) understand; Spark defaults to backslash.
            declared.coalesce(1).write().mode("errorifexists").option("header", "true").option("escape", "\"").csv(outputDir.toString());
        } catch (UserError e) {
            throw e;
        } catch (Exception e) {
            throw SparkErrors.explain(e, input, job);
        } finally {
            spark.stop();
            if (udfs != null) {
                udfs.close();
            }
            if (ownZip != null) {
                ownZip.toFile().delete();
            }
        }
    }

    /** The declared output columns in their declared order; one the SQL does not produce fails the run first. */
    static List<Column> outputColumns(JobDefinition job, Dataset<Row> result) {
        List<String> produced = Arrays.asList(result.columns());
        List<String> missing = new ArrayList<>(job.outputNames());
        missing.removeAll(produced);
        if (!missing.isEmpty()) {
            throw UserError.badInput("the job's SQL (" + JobDefinition.FOLDER + "/" + JobDefinition.SQL_FILE
                    + ") does not produce the declared output column(s) " + String.join(", ", missing)
                    + " (it produces " + String.join(", ", produced) + "): fix the SQL or the output list in "
                    + JobDefinition.FOLDER + "/" + JobDefinition.DEFINITION_FILE);
        }
        return job.outputNames().stream().map(functions::col).toList();
    }
}

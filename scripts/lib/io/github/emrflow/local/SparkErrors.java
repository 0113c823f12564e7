package io.github.emrflow.local;

import io.github.emrflow.UserError;
import io.github.emrflow.job.JobDefinition;
import java.nio.file.Path;

/** Turns Spark's failures on bad input or a bad query into the one line a user needs. */
final class SparkErrors {
    private SparkErrors() {
    }

    static RuntimeException explain(Exception e, Path input, JobDefinition job) {
        String badValue = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Ours, raised inside a task (a Python UDF that failed): already the line to show.
            if (t instanceof UserError userError) {
                return userError;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NumberFormatException nfe) {
                badValue = " (" + between(String.valueOf(nfe.getMessage()), "For input string: ", "\n") + " is not a number)";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("MALFORMED_RECORD_IN_PARSING") || message.contains("Malformed records")) {
                String record = between(message, "record parsing: ", "\n");
                return UserError.badInput("input file " + input + " has a row that does not fit the schema in "
                        + JobDefinition.FOLDER + "/" + JobDefinition.SCHEMA_FILE + ": " + record + badValue, e);
            }
            if (t instanceof org.apache.spark.sql.AnalysisException analysis) {
                return UserError.badInput(JobDefinition.FOLDER + "/" + JobDefinition.SQL_FILE + " of job " + job.name()
                        + " does not run: " + firstLine(analysis.getMessage()), e);
            }
        }
        return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
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

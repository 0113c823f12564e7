package io.github.emrflow.results.report;

import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.results.ResultTable;
import io.github.emrflow.results.RunRecord;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Report data for a local run (run.java --local, results.java --local). A local run is one Spark
 * job with no workflow around it, so its timeline has a single span, "job", for as long as it ran.
 */
public final class LocalReports {
    /** Where a local run ran, as the page says it. */
    public static final String WHERE = "this machine (run.java --local)";
    private static final DateTimeFormatter RUN_ID_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private LocalReports() {
    }

    /** A run that succeeded: its record (run.json) and the table it wrote. */
    public static RunReportData succeeded(JobDefinition job, RunRecord record, ResultTable table) {
        Instant started = startOf(record.runId());
        return new RunReportData(record.runId(), record.job(), WHERE, record.input(), record.parameters(), "SUCCEEDED", true,
                started, started == null ? null : started.plusMillis(Math.round(record.seconds() * 1000)),
                List.of(new Span("job", 0, record.seconds(), false)), List.of(), List.of(), List.of(), table, job.chartRange(), null, null);
    }

    /** A run that failed after {@code seconds}: nothing was published, so there is only what the failure said. */
    public static RunReportData failed(JobDefinition job, String runId, String input, Map<String, String> parameters, double seconds,
                                       String error) {
        Instant started = startOf(runId);
        return new RunReportData(runId, job.name(), WHERE, input, parameters, "FAILED", false, started,
                started == null ? null : started.plusMillis(Math.round(seconds * 1000)), List.of(new Span("job", 0, seconds, true)),
                List.of(), List.of("run FAILED: " + error), List.of("A failed local run is not kept under runs/: only this page remains."),
                null, job.chartRange(), null, null);
    }

    /** A run id starts with its start time in UTC to the second (see RunId); null if this one does not. */
    static Instant startOf(String runId) {
        try {
            return LocalDateTime.parse(runId.substring(0, 15), RUN_ID_STAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
            return null;
        }
    }
}

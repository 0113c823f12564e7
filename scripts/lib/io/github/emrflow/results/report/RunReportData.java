package io.github.emrflow.results.report;

import io.github.emrflow.render.WorkflowGraph;
import io.github.emrflow.results.ResultTable;
import io.github.emrflow.results.TableView;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a run report page shows, gathered before any HTML is written so that the renderer is
 * pure and the sources (a local run, a run just watched, a past run in AWS) are interchangeable.
 *
 * @param where      where the run ran, as people say it ("this machine, embedded Spark", "AWS 123456789012 us-east-1")
 * @param status     the run's outcome as the workflow reports it (SUCCEEDED, FAILED, TIMED_OUT...)
 * @param started    when the run started; null when unknown
 * @param ended      when it ended; null when unknown or still running
 * @param usage      utilisation and billed-cost lines (remote runs only), empty when there are none
 * @param failure    the failure explained, one line each (failed state, error, cause, log tail), empty on success
 * @param notes      anything the reader should know about gaps in the page (e.g. no execution history)
 * @param table      the rows the run wrote; null for a run that wrote none (a failed run)
 * @param chartRange the job's declared [from, to] pair, or empty
 * @param view       the rows the page shows of {@code table} (--filter, --sort, --top), as the terminal does
 * @param workflow   the graph of the state machine the run went through, drawn with the run's path; null: none
 *                   (a local run has no workflow; an unreadable definition leaves a note instead)
 */
public record RunReportData(String runId, String job, String where, String input, Map<String, String> parameters,
                            String status, boolean succeeded, Instant started, Instant ended, List<Span> timeline,
                            List<String> usage, List<String> failure, List<String> notes, ResultTable table,
                            List<String> chartRange, TableView view, WorkflowGraph workflow) {
    public RunReportData {
        // Optional parts are empty rather than null, so the renderer has one case less for each.
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        usage = usage == null ? List.of() : List.copyOf(usage);
        failure = failure == null ? List.of() : List.copyOf(failure);
        notes = notes == null ? List.of() : List.copyOf(notes);
        chartRange = chartRange == null ? List.of() : List.copyOf(chartRange);
        view = view == null ? TableView.ALL : view;
    }

    /** The same run with its table shown as {@code view} says. */
    public RunReportData viewed(TableView view) {
        return new RunReportData(runId, job, where, input, parameters, status, succeeded, started, ended, timeline, usage, failure, notes,
                table, chartRange, view, workflow);
    }

    /** The rows shown: the table through the view; null when there is no table. */
    public ResultTable shownTable() {
        return table == null ? null : view.apply(table);
    }
}

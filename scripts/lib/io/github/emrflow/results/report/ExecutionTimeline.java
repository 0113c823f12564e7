package io.github.emrflow.results.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * A Step Functions execution history as a timeline: one span per state entered, from its
 * StateEntered event to its StateExited event (or the execution's end, for a state it never left),
 * marked failed when a task failed or timed out inside it, or when it is a Fail state.
 */
public final class ExecutionTimeline {
    private ExecutionTimeline() {
    }

    /** The spans in the order the states were entered; offsets from the first event's time. */
    public static List<Span> spans(List<HistoryEvent> history) {
        if (history.isEmpty()) {
            return List.of();
        }
        Instant zero = history.get(0).timestamp();
        Instant last = history.get(history.size() - 1).timestamp();
        List<Open> spans = new ArrayList<>();
        // The open span of each state by name: a state re-entered (a retry loop) gets a new span.
        Map<String, Open> open = new LinkedHashMap<>();
        Open current = null;
        boolean executionFailed = false;
        for (HistoryEvent e : history) {
            double at = seconds(zero, e.timestamp());
            if (e.stateEnteredEventDetails() != null) {
                current = new Open(e.stateEnteredEventDetails().name(), at);
                current.failed = e.type() == HistoryEventType.FAIL_STATE_ENTERED;
                spans.add(current);
                open.put(current.name, current);
            } else if (e.stateExitedEventDetails() != null) {
                Open done = open.remove(e.stateExitedEventDetails().name());
                if (done != null) {
                    done.end = at;
                }
            } else if (isTaskFailure(e.type()) && current != null) {
                current.failed = true;
            }
            executionFailed |= e.type() == HistoryEventType.EXECUTION_FAILED || e.type() == HistoryEventType.EXECUTION_TIMED_OUT
                    || e.type() == HistoryEventType.EXECUTION_ABORTED;
        }
        double end = seconds(zero, last);
        List<Span> result = new ArrayList<>();
        for (Open s : spans) {
            boolean unfinished = s.end == null;
            // A state the execution never left is where it stopped: a failure if the execution failed.
            result.add(new Span(s.name, s.start, unfinished ? end : s.end, s.failed || (unfinished && executionFailed)));
        }
        return result;
    }

    /** When the execution started: its first event. */
    public static Instant started(List<HistoryEvent> history) {
        return history.isEmpty() ? null : history.get(0).timestamp();
    }

    /** When it ended: its last event, if that is an execution end (else it is still running). */
    public static Instant ended(List<HistoryEvent> history) {
        if (history.isEmpty()) {
            return null;
        }
        HistoryEvent last = history.get(history.size() - 1);
        return switch (last.type()) {
            case EXECUTION_SUCCEEDED, EXECUTION_FAILED, EXECUTION_TIMED_OUT, EXECUTION_ABORTED -> last.timestamp();
            default -> null;
        };
    }

    private static boolean isTaskFailure(HistoryEventType type) {
        return type == HistoryEventType.TASK_FAILED || type == HistoryEventType.TASK_TIMED_OUT
                || type == HistoryEventType.TASK_START_FAILED || type == HistoryEventType.TASK_SUBMIT_FAILED
                || type == HistoryEventType.LAMBDA_FUNCTION_FAILED || type == HistoryEventType.ACTIVITY_FAILED;
    }

    private static double seconds(Instant zero, Instant at) {
        return at == null || zero == null ? 0 : Math.max(0, (at.toEpochMilli() - zero.toEpochMilli()) / 1000.0);
    }

    /** A span being built: its end is null until the state is left. */
    private static final class Open {
        final String name;
        final double start;
        Double end;
        boolean failed;

        Open(String name, double start) {
            this.name = name;
            this.start = start;
        }
    }
}

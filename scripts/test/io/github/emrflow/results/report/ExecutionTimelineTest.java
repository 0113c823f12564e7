package io.github.emrflow.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** An execution history becomes one span per state entered, with failures marked where they happened. */
class ExecutionTimelineTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private final List<HistoryEvent> events = new ArrayList<>();

    private void add(double at, HistoryEventType type, String state) {
        HistoryEvent.Builder e = HistoryEvent.builder().id((long) events.size() + 1).type(type).timestamp(T0.plusMillis((long) (at * 1000)));
        if (type.toString().endsWith("StateEntered")) {
            e.stateEnteredEventDetails(d -> d.name(state));
        } else if (type.toString().endsWith("StateExited")) {
            e.stateExitedEventDetails(d -> d.name(state));
        } else if (type == HistoryEventType.TASK_FAILED) {
            e.taskFailedEventDetails(d -> d.error("States.TaskFailed"));
        }
        events.add(e.build());
    }

    @Test
    void aCaughtFailureAndTheFailStateAreMarked() {
        add(0, HistoryEventType.EXECUTION_STARTED, null);
        add(0.1, HistoryEventType.TASK_STATE_ENTERED, "CreateApplication");
        add(1.1, HistoryEventType.TASK_STATE_EXITED, "CreateApplication");
        add(1.2, HistoryEventType.TASK_STATE_ENTERED, "RunJob");
        add(5.2, HistoryEventType.TASK_FAILED, null);
        add(5.3, HistoryEventType.TASK_STATE_EXITED, "RunJob");
        add(5.4, HistoryEventType.TASK_STATE_ENTERED, "Cleanup");
        add(6.4, HistoryEventType.TASK_STATE_EXITED, "Cleanup");
        add(6.5, HistoryEventType.FAIL_STATE_ENTERED, "RunFailed");
        add(6.6, HistoryEventType.EXECUTION_FAILED, null);
        assertThat(ExecutionTimeline.spans(events)).containsExactly(new Span("CreateApplication", 0.1, 1.1, false),
                new Span("RunJob", 1.2, 5.3, true), new Span("Cleanup", 5.4, 6.4, false), new Span("RunFailed", 6.5, 6.6, true));
        assertThat(ExecutionTimeline.started(events)).isEqualTo(T0);
        assertThat(ExecutionTimeline.ended(events)).isEqualTo(T0.plusMillis(6600));
    }

    @Test
    void aRunningExecutionHasNoEndAndItsCurrentStateRunsToTheLastEvent() {
        add(0, HistoryEventType.EXECUTION_STARTED, null);
        add(0.5, HistoryEventType.TASK_STATE_ENTERED, "RunJob");
        add(2, HistoryEventType.TASK_SCHEDULED, null);
        assertThat(ExecutionTimeline.spans(events)).containsExactly(new Span("RunJob", 0.5, 2, false));
        assertThat(ExecutionTimeline.ended(events)).isNull();
    }
}

package io.github.emrflow.logs;

import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.Backoff;

import java.io.PrintStream;
import java.util.List;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;

/**
 * logs.java --follow: while the job runs, reads its driver log again and prints the lines not yet
 * printed. EMR Serverless uploads the log object whole (rewritten as it grows), so a follower
 * re-reads it and skips what it has shown; a shorter log (a new attempt's) starts over. Stops once
 * the job run has ended and its last log is read. Polls fast at first, then every few seconds.
 */
public final class DriverStream {
    private static final long FIRST_POLL_MS = 250;
    private static final long MAX_POLL_MS = 5000;

    private final AwsSession aws;
    private final DriverLogs logs;
    private final PrintStream out;

    public DriverStream(AwsSession aws, DriverLogs logs, PrintStream out) {
        this.aws = aws;
        this.logs = logs;
        this.out = out;
    }

    /** Follows the job's current attempt (a retry moves it on) until the job run ends; returns its final state. */
    public JobRunState follow(JobRunRef start, LogStream stream, int firstLines) {
        JobRunRef ref = start;
        int shown = -1; // -1: nothing read yet, so only the last firstLines of what is there are shown
        long interval = FIRST_POLL_MS;
        while (true) {
            JobRun run = jobRun(ref);
            boolean ended = run.state() == JobRunState.SUCCESS || run.state() == JobRunState.FAILED || run.state() == JobRunState.CANCELLED;
            int attempt = run.attempt() == null ? ref.attempt() : run.attempt();
            if (attempt != ref.attempt()) {
                shown = print(ref, stream, shown, firstLines); // the rest of the attempt that ended
                ref = ref.withAttempt(attempt);
                out.println("-- attempt " + attempt + " (" + logs.uri(ref, stream) + ")");
                shown = 0;
            }
            int before = shown;
            shown = print(ref, stream, shown, firstLines);
            if (ended) {
                out.flush();
                return run.state();
            }
            interval = shown != before ? FIRST_POLL_MS : Math.min(interval * 2, MAX_POLL_MS);
            Backoff.sleepMillis(interval);
        }
    }

    private int print(JobRunRef ref, LogStream stream, int shown, int firstLines) {
        List<String> lines = logs.read(ref, stream).orElse(List.of());
        int from = shown < 0 ? Math.max(0, lines.size() - firstLines) : shown > lines.size() ? 0 : shown;
        lines.subList(from, lines.size()).forEach(out::println);
        out.flush();
        return lines.size();
    }

    private JobRun jobRun(JobRunRef ref) {
        return AwsErrors.call("emr-serverless:GetJobRun", ref.jobRunId(),
                () -> aws.emr().getJobRun(b -> b.applicationId(ref.applicationId()).jobRunId(ref.jobRunId())).jobRun());
    }
}

package io.github.emrflow.logs;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.Backoff;
import io.github.emrflow.config.Config;

import java.io.PrintStream;
import java.util.List;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;

/**
 * What logs.java does once its options are checked: find the run, then print its driver log (or
 * follow it), or a fresh Spark UI link. Progress and notes go to stderr, the log itself to stdout,
 * so `logs.java > driver.log` keeps only the log.
 */
public final class RunLogs {
    private final AwsSession aws;
    private final Config config;
    private final PrintStream out;
    private final PrintStream err;

    public RunLogs(AwsSession aws, Config config, PrintStream out, PrintStream err) {
        this.aws = aws;
        this.config = config;
        this.out = out;
        this.err = err;
    }

    /** {@code attempt} 0: the job's last attempt; {@code lines} 0: all of them. Returns the exit code. */
    public int print(String runId, LogStream stream, int lines, int attempt, boolean follow) {
        LocatedRun found = new RunLocator(aws, config).locate(runId);
        LocatedRun run = follow && found.job() == null && found.executionRunning() ? awaitJob(found) : found;
        JobRunRef job = jobOf(run, attempt);
        DriverLogs logs = new DriverLogs(aws, config.bucket());
        err.println("run " + run.runId() + ", job run " + job.jobRunId() + " attempt " + job.attempt() + ": " + logs.uri(job, stream));
        if (follow) {
            if (!run.jobRunning()) {
                err.println("(the job run has ended: nothing to follow, its whole log follows)");
            } else if (attempt != 0) {
                throw UserError.badInput("--follow follows the running attempt: leave out --attempt");
            } else {
                JobRunState end = new DriverStream(aws, logs, out).follow(job, stream, lines == 0 ? Integer.MAX_VALUE : lines);
                err.println("job run " + job.jobRunId() + " ended " + end);
                return 0;
            }
        }
        List<String> text = logs.read(job, stream).orElseThrow(() -> new UserError(UserError.ENVIRONMENT, "no driver " + stream.label()
                + " at " + logs.uri(job, stream) + (run.jobRunning() ? ": the job has not written it yet; try --follow"
                : ": the driver wrote none (the job may have failed before Spark started)")));
        text.subList(lines == 0 ? 0 : Math.max(0, text.size() - lines), text.size()).forEach(out::println);
        out.flush();
        return 0;
    }

    /** Prints a Spark UI link made now (it expires: one printed earlier may no longer work). */
    public int sparkUi(String runId, int attempt) {
        LocatedRun run = new RunLocator(aws, config).locate(runId);
        JobRunRef job = jobOf(run, attempt);
        out.println(new SparkUi(aws).link(job));
        err.println("(run " + run.runId() + ", job run " + job.jobRunId() + " attempt " + job.attempt()
                + "; the link expires: run this again for a fresh one)");
        return 0;
    }

    /** --follow on a run whose job has not started yet (its application is still starting): wait for it. */
    private LocatedRun awaitJob(LocatedRun run) {
        err.println("run " + run.runId() + ": waiting for its job to start...");
        LocatedRun now = run;
        for (int attempt = 0; now.job() == null && now.executionRunning(); attempt++) {
            Backoff.sleepMillis(Backoff.delay(attempt, 250, 5000));
            now = new RunLocator(aws, config).locate(run.runId());
        }
        return now;
    }

    private static JobRunRef jobOf(LocatedRun run, int attempt) {
        if (run.job() == null && run.executionRunning()) {
            throw new UserError(UserError.ENVIRONMENT, "run " + run.runId() + " has not started its job yet: its logs come once it has;"
                    + " follow them from the start with ./jbang logs.java --run " + run.runId() + " --follow");
        }
        if (run.job() == null) {
            throw UserError.badInput("run " + run.runId() + " has no job run: it ended before its job started, so there are no driver logs"
                    + " (see why with ./jbang results.java --run " + run.runId() + " --html report.html)");
        }
        if (attempt > run.job().attempt()) {
            throw UserError.badInput("run " + run.runId() + "'s job run has " + run.job().attempt() + " attempt(s): there is no attempt " + attempt);
        }
        return attempt == 0 ? run.job() : run.job().withAttempt(attempt);
    }
}

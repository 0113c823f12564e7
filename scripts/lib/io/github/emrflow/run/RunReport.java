package io.github.emrflow.run;

import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.logs.DriverLogs;
import io.github.emrflow.logs.JobRunRef;
import io.github.emrflow.logs.LogStream;
import io.github.emrflow.cli.Cli;
import io.github.emrflow.aws.Backoff;
import io.github.emrflow.render.JsonDocuments;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.ResourceUtilization;
import software.amazon.awssdk.services.emrserverless.model.TotalResourceUtilization;

/** What run.java prints after an execution ends: the failure explained, or what the job cost. */
public final class RunReport {
    /** us-east-1 EMR Serverless x86 on-demand prices (USD), see docs/cost.md. */
    public static final double USD_PER_VCPU_HOUR = 0.052624;
    public static final double USD_PER_GB_HOUR = 0.0057785;
    public static final double USD_PER_STORAGE_GB_HOUR = 0.000111;
    private static final int LOG_LINES = 15;

    private final AwsSession aws;
    private final String bucket;

    public RunReport(AwsSession aws, String bucket) {
        this.aws = aws;
        this.bucket = bucket;
    }

    /** The failed state, the error, the cause decoded, the driver's last log lines, the application's state. */
    public List<String> failure(RunOutcome outcome) {
        List<String> lines = new ArrayList<>();
        lines.add("run " + outcome.status() + (outcome.failedState() == null ? "" : " in " + outcome.failedState())
                + ": " + outcome.error());
        String jobRunId = outcome.jobRunId();
        String applicationId = outcome.applicationId();
        JsonNode cause = parse(outcome.cause());
        int attempt = 1;
        if (cause != null && cause.has("State")) {
            jobRunId = cause.path("JobRunId").asText(jobRunId);
            applicationId = cause.path("ApplicationId").asText(applicationId);
            attempt = Math.max(1, cause.path("Attempt").asInt(1));
            lines.add("  cause: job run " + jobRunId + " " + cause.path("State").asText() + ": " + cause.path("StateDetails").asText(""));
        } else if (outcome.cause() != null && !outcome.cause().isBlank()) {
            lines.add("  cause: " + Cli.firstLine(outcome.cause()));
        }
        if (applicationId != null && jobRunId != null) {
            JobRunRef job = new JobRunRef(applicationId, jobRunId, attempt);
            DriverLogs logs = new DriverLogs(aws, bucket);
            for (LogStream stream : List.of(LogStream.STDERR, LogStream.STDOUT)) {
                List<String> tail = logs.tail(job, stream, LOG_LINES);
                if (!tail.isEmpty()) {
                    lines.add("  driver " + stream.label() + " (last " + tail.size() + " lines of " + logs.uri(job, stream) + "):");
                    tail.forEach(l -> lines.add("    " + l));
                }
            }
        }
        if (applicationId != null) {
            var state = new ApplicationCleanup(aws).state(applicationId);
            lines.add("  application " + applicationId + ": " + (state == null ? "gone" : state)
                    + (state == null || state.toString().equals("TERMINATED") || state.toString().equals("STOPPED") ? " (cleaned up)" : " (still up!)"));
        }
        return lines;
    }

    /** Utilisation and billed figures; AWS fills the billed ones in a few seconds after the run. */
    public List<String> utilisation(String applicationId, String jobRunId) {
        if (applicationId == null || jobRunId == null) {
            return List.of();
        }
        JobRun run = null;
        for (int attempt = 0; attempt < 6; attempt++) {
            try {
                run = aws.emr().getJobRun(b -> b.applicationId(applicationId).jobRunId(jobRunId)).jobRun();
            } catch (AwsServiceException e) {
                return List.of("  (job run " + jobRunId + " utilisation unavailable: " + e.awsErrorDetails().errorMessage() + ")");
            }
            if (run.billedResourceUtilization() != null) {
                break;
            }
            Backoff.sleepMillis(500L << attempt);
        }
        List<String> lines = new ArrayList<>();
        TotalResourceUtilization used = run.totalResourceUtilization();
        if (used != null) {
            lines.add(String.format(Locale.ROOT, "  used:   %.4f vCPU-hours, %.4f GB-hours memory, %.4f GB-hours storage",
                    nz(used.vcpuHour()), nz(used.memoryGBHour()), nz(used.storageGBHour())));
        }
        ResourceUtilization billed = run.billedResourceUtilization();
        if (billed != null) {
            double cost = nz(billed.vcpuHour()) * USD_PER_VCPU_HOUR + nz(billed.memoryGBHour()) * USD_PER_GB_HOUR
                    + nz(billed.storageGBHour()) * USD_PER_STORAGE_GB_HOUR;
            lines.add(String.format(Locale.ROOT, "  billed: %.4f vCPU-hours, %.4f GB-hours memory, %.4f GB-hours storage: about $%.4f (us-east-1 prices)",
                    nz(billed.vcpuHour()), nz(billed.memoryGBHour()), nz(billed.storageGBHour()), cost));
        } else {
            lines.add("  billed: not reported yet; see the job run in the EMR Serverless console");
        }
        return lines;
    }

    private static double nz(Double d) {
        return d == null ? 0 : d;
    }

    private static JsonNode parse(String text) {
        if (text == null || !text.trim().startsWith("{")) {
            return null;
        }
        try {
            return JsonDocuments.mapper().readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}

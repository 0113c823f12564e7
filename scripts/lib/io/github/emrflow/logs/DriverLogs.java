package io.github.emrflow.logs;

import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The Spark driver's logs as EMR Serverless writes them under the job's S3 log location
 * (s3://BUCKET/logs/): {@code applications/APP/jobs/JOB/SPARK_DRIVER/stdout.gz} and {@code stderr.gz}.
 * Attempts after the first (a retry policy) are read from {@code jobs/JOB/attempts/N/SPARK_DRIVER/},
 * the layout emrflow assumes from AWS's naming of attempts; it is not verified on AWS. Every read
 * names the account as the bucket's owner, as all of emrflow's S3 calls do.
 */
public final class DriverLogs {
    private final AwsSession aws;
    private final String bucket;

    public DriverLogs(AwsSession aws, String bucket) {
        this.aws = aws;
        this.bucket = bucket;
    }

    public String key(JobRunRef ref, LogStream stream) {
        String job = ResourceNames.LOGS_PREFIX + "applications/" + ref.applicationId() + "/jobs/" + ref.jobRunId() + "/";
        return job + (ref.attempt() >= 2 ? "attempts/" + ref.attempt() + "/" : "") + "SPARK_DRIVER/" + stream.fileName();
    }

    public String uri(JobRunRef ref, LogStream stream) {
        return "s3://" + bucket + "/" + key(ref, stream);
    }

    /** The whole log, gunzipped, as lines; empty when the driver has written none (yet). */
    public Optional<List<String>> read(JobRunRef ref, LogStream stream) {
        String key = key(ref, stream);
        byte[] gz;
        try {
            gz = aws.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key).expectedBucketOwner(aws.accountId())).asByteArray();
        } catch (AwsServiceException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw AwsErrors.translate("s3:GetObject", uri(ref, stream), e);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            // A log caught mid-upload may be cut short: show what is there rather than nothing.
            return Optional.of(List.of());
        }
    }

    /** The last {@code lines} non-blank lines, or nothing; never fails (the failure report uses it). */
    public List<String> tail(JobRunRef ref, LogStream stream, int lines) {
        try {
            List<String> all = read(ref, stream).orElse(List.of()).stream().filter(l -> !l.isBlank()).toList();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}

package io.github.emrflow.results;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.job.OutputColumn;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.run.RunId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Runs in S3: s3://BUCKET/runs/RUN_ID/{run.json, output/part-*}. A run counts once Spark committed
 * its output (the _SUCCESS marker), so a failed or running run is never the "latest". Every call
 * names the account as the bucket's expected owner, so records and results are never read from, or
 * written to, a bucket of the same name in another account.
 */
public final class RemoteRuns {
    private final AwsSession aws;
    private final String bucket;

    public RemoteRuns(AwsSession aws, String bucket) {
        this.aws = aws;
        this.bucket = bucket;
    }

    public static String outputPrefix(String runId) {
        return ResourceNames.RUNS_PREFIX + runId + "/output/";
    }

    public String outputUri(String runId) {
        return "s3://" + bucket + "/" + ResourceNames.RUNS_PREFIX + runId + "/output";
    }

    public void writeRecord(RunRecord record) {
        String key = ResourceNames.RUNS_PREFIX + record.runId() + "/" + RunRecord.FILE_NAME;
        AwsErrors.run("s3:PutObject", "s3://" + bucket + "/" + key, () -> aws.s3().putObject(b -> b.bucket(bucket).key(key).expectedBucketOwner(aws.accountId())
                .contentType("application/json"), RequestBody.fromString(JsonDocuments.pretty(record))));
    }

    public Optional<RunRecord> record(String runId) {
        String key = ResourceNames.RUNS_PREFIX + runId + "/" + RunRecord.FILE_NAME;
        try {
            String json = aws.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key).expectedBucketOwner(aws.accountId())).asUtf8String();
            return Optional.of(JsonDocuments.mapper().readValue(json, RunRecord.class));
        } catch (AwsServiceException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw AwsErrors.translate("s3:GetObject", "s3://" + bucket + "/" + key, e);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** Every object under runs/, listed once per RemoteRuns (results.java needs one listing). */
    private List<S3Object> runObjects;

    private List<S3Object> runObjects() {
        if (runObjects == null) {
            runObjects = objects(ResourceNames.RUNS_PREFIX);
        }
        return runObjects;
    }

    /** Run ids with objects under runs/, oldest first. */
    public List<String> ids() {
        return runObjects().stream().map(o -> runIdOf(o.key())).filter(id -> id != null).distinct().sorted().toList();
    }

    private static String runIdOf(String key) {
        String rest = key.substring(ResourceNames.RUNS_PREFIX.length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        return RunId.isValid(id) ? id : null;
    }

    /** The newest run whose output Spark committed (its _SUCCESS marker). */
    public Optional<String> latestCompleted() {
        return runObjects().stream().filter(o -> o.key().endsWith("/output/_SUCCESS")).map(o -> runIdOf(o.key()))
                .filter(id -> id != null).max(Comparator.naturalOrder());
    }

    public ResultTable table(String runId, List<OutputColumn> columns) {
        String prefix = outputPrefix(runId);
        List<S3Object> objects = runObjects().stream().filter(o -> o.key().startsWith(prefix)).toList();
        if (objects.isEmpty()) {
            throw UserError.badInput("no output under s3://" + bucket + "/" + prefix + ": run " + runId
                    + " does not exist or wrote nothing (runs: " + describe(ids()) + ")");
        }
        List<ResultTable.Part> parts = new ArrayList<>();
        for (S3Object o : objects) {
            String name = o.key().substring(o.key().lastIndexOf('/') + 1);
            if (LocalRuns.isPartFile(name)) {
                String text = AwsErrors.call("s3:GetObject", "s3://" + bucket + "/" + o.key(),
                        () -> aws.s3().getObjectAsBytes(b -> b.bucket(bucket).key(o.key()).expectedBucketOwner(aws.accountId())).asString(StandardCharsets.UTF_8));
                parts.add(new ResultTable.Part("s3://" + bucket + "/" + o.key(), text));
            }
        }
        if (parts.isEmpty()) {
            throw UserError.badInput("no part files under s3://" + bucket + "/" + prefix + ": the run's output is empty");
        }
        return ResultTable.fromParts(parts, columns);
    }

    private List<S3Object> objects(String prefix) {
        try {
            return AwsErrors.call("s3:ListBucket", "s3://" + bucket + "/" + prefix, () -> aws.s3()
                    .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).expectedBucketOwner(aws.accountId())).contents().stream().toList());
        } catch (UserError e) {
            if (e.getCause() instanceof software.amazon.awssdk.services.s3.model.NoSuchBucketException) {
                throw UserError.badInput("bucket '" + bucket + "' does not exist in " + aws.target()
                        + ": nothing is deployed yet; run `./jbang deploy.java` first");
            }
            throw e;
        }
    }

    private static String describe(List<String> ids) {
        return ids.isEmpty() ? "none yet; run `./jbang run.java` first" : String.join(", ", ids);
    }
}

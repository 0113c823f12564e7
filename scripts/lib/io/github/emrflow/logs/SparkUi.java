package io.github.emrflow.logs;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * A link to a job run's Spark UI (GetDashboardForJobRun). The link expires soon after it is made,
 * so it is fetched at the moment it is printed and never stored or reused.
 */
public final class SparkUi {
    private final AwsSession aws;

    public SparkUi(AwsSession aws) {
        this.aws = aws;
    }

    public String link(JobRunRef ref) {
        try {
            return aws.emr().getDashboardForJobRun(b -> b.applicationId(ref.applicationId()).jobRunId(ref.jobRunId()).attempt(ref.attempt())).url();
        } catch (AwsServiceException e) {
            String why = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null ? e.awsErrorDetails().errorMessage() : e.getMessage();
            if (e.statusCode() == 400 || AwsErrors.isNotFound(e)) {
                throw UserError.badInput("no Spark UI for job run " + ref.jobRunId() + " (attempt " + ref.attempt() + "): " + why
                        + "; AWS keeps it only for recent runs, read the driver's logs with ./jbang logs.java instead");
            }
            throw AwsErrors.translate("emr-serverless:GetDashboardForJobRun", ref.jobRunId(), e);
        }
    }
}

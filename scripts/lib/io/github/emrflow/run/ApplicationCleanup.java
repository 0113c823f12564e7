package io.github.emrflow.run;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.Backoff;

import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.emrserverless.model.ResourceNotFoundException;

/**
 * Stops an EMR Serverless application (waiting until it is STOPPED) and deletes it: used by
 * destroy.java and by run.java when Ctrl-C stops an execution, since Step Functions runs no Catch
 * for a stopped execution.
 */
public final class ApplicationCleanup {
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(10);

    private final AwsSession aws;

    public ApplicationCleanup(AwsSession aws) {
        this.aws = aws;
    }

    public void stopAndDelete(String applicationId, Consumer<String> report) {
        var emr = aws.emr();
        ApplicationState state = state(applicationId);
        if (state == null || state == ApplicationState.TERMINATED) {
            return;
        }
        if (state == ApplicationState.STARTED || state == ApplicationState.STARTING) {
            AwsErrors.run("emr-serverless:StopApplication", applicationId, () -> emr.stopApplication(b -> b.applicationId(applicationId)));
            state = waitWhile(applicationId, ApplicationState.STARTED, ApplicationState.STARTING, ApplicationState.STOPPING);
            report.accept("stopped application " + applicationId);
        } else if (state == ApplicationState.STOPPING || state == ApplicationState.CREATING) {
            state = waitWhile(applicationId, ApplicationState.STOPPING, ApplicationState.CREATING);
        }
        if (state != null && state != ApplicationState.TERMINATED) {
            AwsErrors.run("emr-serverless:DeleteApplication", applicationId, () -> emr.deleteApplication(b -> b.applicationId(applicationId)));
            report.accept("deleted application " + applicationId);
        }
    }

    /** The application's state, or null when it does not exist. */
    public ApplicationState state(String applicationId) {
        try {
            return aws.emr().getApplication(b -> b.applicationId(applicationId)).application().state();
        } catch (ResourceNotFoundException e) {
            return null;
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("emr-serverless:GetApplication", applicationId, e);
        }
    }

    private ApplicationState waitWhile(String applicationId, ApplicationState... transitional) {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        long sleep = 100;
        while (true) {
            ApplicationState state = state(applicationId);
            if (state == null || !java.util.List.of(transitional).contains(state)) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new UserError(UserError.ENVIRONMENT, "application " + applicationId + " is still " + state
                        + " after " + STOP_TIMEOUT.toMinutes() + " minutes: check it in the EMR Serverless console");
            }
            Backoff.sleepMillis(sleep);
            sleep = Math.min(sleep * 2, 5000);
        }
    }
}

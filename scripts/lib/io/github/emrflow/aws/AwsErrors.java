package io.github.emrflow.aws;

import io.github.emrflow.UserError;
import io.github.emrflow.cli.Cli;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns AWS SDK failures into one line a user can act on, naming the action and the resource:
 * access denied, throttling that outlasted the SDK's retries, an unreachable endpoint, missing
 * credentials. Everything else keeps AWS's own message.
 */
public final class AwsErrors {
    private AwsErrors() {
    }

    public static <T> T call(String action, String resource, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            throw translate(action, resource, e);
        } catch (SdkClientException e) {
            throw translate(action, resource, e);
        }
    }

    public static void run(String action, String resource, Runnable call) {
        call(action, resource, () -> {
            call.run();
            return null;
        });
    }

    public static UserError translate(String action, String resource, AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        String on = resource == null || resource.isEmpty() ? "" : " on " + resource;
        if (code.equals("InvalidClientTokenId") || code.equals("UnrecognizedClientException") || code.equals("ExpiredToken")
                || code.equals("SignatureDoesNotMatch")) {
            return new UserError(UserError.ENVIRONMENT, "AWS rejected the credentials (" + code + ") for " + action
                    + ": refresh them (aws sso login / aws configure) and run again", e);
        }
        if (e.statusCode() == 403 || code.contains("AccessDenied") || code.equals("UnauthorizedOperation")) {
            return new UserError(UserError.ENVIRONMENT, "access denied: " + action + on + " (" + message
                    + "): grant it to the deploying identity (see docs/iam.md)", e);
        }
        if (e.isThrottlingException()) {
            return new UserError(UserError.ENVIRONMENT, "AWS kept throttling " + action + on
                    + " after retries: wait a minute and run again", e);
        }
        return new UserError(UserError.ENVIRONMENT, action + on + " failed: " + code + ": " + message, e);
    }

    public static UserError translate(String action, String resource, SdkClientException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof ConnectException || t instanceof SocketTimeoutException) {
                return new UserError(UserError.ENVIRONMENT, "cannot reach AWS for " + action + " (" + t.getClass().getSimpleName()
                        + ": " + t.getMessage() + "): check the network, --region and --endpoint-url", e);
            }
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unable to load credentials")) {
            return new UserError(UserError.ENVIRONMENT, "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                    + " or AWS_PROFILE, or run `aws configure`", e);
        }
        return new UserError(UserError.ENVIRONMENT, action + " failed: " + Cli.firstLine(message), e);
    }

    /** True when AWS says the thing does not exist (404 or a *NotFound / NoSuchEntity code). */
    public static boolean isNotFound(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        return e.statusCode() == 404 || code.contains("NotFound") || code.contains("NoSuch") || code.contains("DoesNotExist");
    }
}

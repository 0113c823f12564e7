package io.github.emrflow.deploy;

import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.aws.Backoff;

import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * A new role takes seconds to be assumable everywhere; Step Functions rejects it meanwhile with
 * an AccessDenied/InvalidArn mentioning the role. Calls that hand Step Functions a role therefore
 * retry with backoff for up to 90 s before the error counts.
 */
final class RolePropagation {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private RolePropagation() {
    }

    static void retry(String action, String arn, Runnable call) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        for (int attempt = 0; ; attempt++) {
            try {
                call.run();
                return;
            } catch (AwsServiceException e) {
                String msg = String.valueOf(e.getMessage());
                boolean propagating = msg.contains("assume") || msg.contains("not authorized to perform: sts:AssumeRole");
                if (!propagating || System.nanoTime() > deadline) {
                    throw AwsErrors.translate(action, arn, e);
                }
                System.err.println("  waiting for the new role to propagate...");
                Backoff.sleepMillis(Backoff.delay(attempt, 1000, 10_000));
            }
        }
    }
}

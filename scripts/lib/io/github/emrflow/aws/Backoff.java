package io.github.emrflow.aws;

import io.github.emrflow.UserError;

/**
 * Waiting between polls and retries. Every wait in emrflow goes through here, so Ctrl-C during a
 * wait always becomes the same clean "interrupted" error instead of a stack trace.
 */
public final class Backoff {
    private Backoff() {
    }

    public static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(UserError.ENVIRONMENT, "interrupted");
        }
    }

    /** Exponential delay for attempt {@code n} (0-based): {@code first * 2^n}, capped at {@code max}. */
    public static long delay(int attempt, long firstMillis, long maxMillis) {
        return Math.min(firstMillis << Math.min(attempt, 20), maxMillis);
    }
}

package io.github.emrflow.aws;

import java.util.function.Supplier;

/**
 * A value built on first use, once, under a lock of its own (so building one client does not hold
 * up a thread that needs another). A build that failed is not repeated: its failure is thrown again,
 * so a failed look-up that {@link AwsSession#buildAhead} started is reported once, by the caller.
 */
final class Once<T> {
    private final Supplier<T> build;
    private T value;
    private RuntimeException failure;

    Once(Supplier<T> build) {
        this.build = build;
    }

    synchronized T get() {
        if (value == null) {
            if (failure != null) {
                throw failure;
            }
            try {
                value = build.get();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return value;
    }

    /** The value if it was built (waiting for a build in progress), else null. */
    synchronized T ifBuilt() {
        return value;
    }
}

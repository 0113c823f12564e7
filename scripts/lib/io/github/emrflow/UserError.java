package io.github.emrflow;

/**
 * A failure the user can act on: printed as one line (no stack trace) and mapped to an exit code.
 * Exit codes follow docs/architecture.md: 1 the job or workflow failed, 2 bad usage, config or
 * input, 3 the environment (credentials, network, AWS permissions) stopped us.
 */
public class UserError extends RuntimeException {
    public static final int JOB_FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int ENVIRONMENT = 3;

    private final int exitCode;

    public UserError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserError(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static UserError badInput(String message) {
        return new UserError(BAD_INPUT, message);
    }

    public static UserError badInput(String message, Throwable cause) {
        return new UserError(BAD_INPUT, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}

package io.github.emrflow.cli;

import io.github.emrflow.UserError;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * How every script runs its picocli command: a wrong flag is one error line, the usage synopsis and
 * exit 2; a {@link UserError} is one line and its exit code; anything else is one line and exit 3,
 * with the stack trace only under --verbose.
 */
public final class Cli {
    private Cli() {
    }

    public static int execute(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // Wide enough that descriptions and example lines are not broken mid-word.
        cli.setUsageHelpWidth(110);
        cli.setParameterExceptionHandler(Cli::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, commandLine, verbose(parseResult)));
        return cli.execute(args);
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(cli.getColorScheme().errorText("error: " + e.getMessage()));
        err.print("Usage: " + cli.getHelp().synopsis(0));
        err.printf("Try '%s --help' for more information.%n", cli.getCommandSpec().qualifiedName());
        err.flush();
        return UserError.BAD_INPUT;
    }

    private static int failure(Exception e, CommandLine cli, boolean verbose) {
        PrintWriter err = cli.getErr();
        if (e instanceof UserError user) {
            err.println("error: " + user.getMessage());
            if (verbose && user.getCause() != null) {
                user.getCause().printStackTrace(err);
            }
            err.flush();
            return user.exitCode();
        }
        err.println("error: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                + (verbose ? "" : " (run again with --verbose for details)"));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return UserError.ENVIRONMENT;
    }

    private static boolean verbose(CommandLine.ParseResult parseResult) {
        return parseResult != null && parseResult.hasMatchedOption("--verbose");
    }

    public static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

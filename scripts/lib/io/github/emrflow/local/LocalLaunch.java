package io.github.emrflow.local;

import io.github.emrflow.UserError;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * run.java --local in a launch of its own. run.java's class path carries no Spark (the AWS commands
 * start 2-3x faster without its ~130 jars), so its local job is runlocal.java's: run.java starts it
 * through the launcher the user started run.java with, with the same arguments, the same terminal
 * (stdin, stdout, stderr) and returns its exit code. It gets run.java's options but the AWS-only
 * ones, which --local always ignored. The emrflow {@code ./jbang} wrapper says which
 * launcher and script it ran ({@value #LAUNCHER} and {@value #SCRIPT}); without them (run.java run
 * by a plain {@code jbang}), {@code jbang} on PATH runs {@code runlocal.java} of the working folder.
 * Where Spark is on the class path already (the engine's tests, an IDE), the job runs in-process.
 */
public final class LocalLaunch {
    /** The launcher that ran the script: the wrapper's own path. */
    public static final String LAUNCHER = "EMRFLOW_JBANG";
    /** The script as the user named it (relative or not), so runlocal.java is named the same way. */
    public static final String SCRIPT = "EMRFLOW_JBANG_SCRIPT";
    public static final String LOCAL_SCRIPT = "runlocal.java";

    private final Map<String, String> env;

    public LocalLaunch(Map<String, String> env) {
        this.env = env;
    }

    /** Whether this JVM can run the embedded Spark job itself (Spark's classes are on its class path). */
    public static boolean sparkOnClassPath() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, LocalLaunch.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The arguments for runlocal.java: every option the user gave run.java, as given, except
     * {@code --local} and {@code dropped} (the AWS-only ones, which a local run never used).
     */
    public static List<String> arguments(CommandLine.ParseResult parsed, Collection<String> dropped) {
        List<String> args = new ArrayList<>();
        // An option given twice is matched twice, each time with all its values: each once.
        for (CommandLine.Model.OptionSpec option : new LinkedHashSet<>(parsed.matchedOptions())) {
            String name = option.longestName();
            if (name.equals("--local") || dropped.contains(name)) {
                continue;
            }
            if (option.arity().max() == 0 || option.originalStringValues().isEmpty()) {
                args.add(name); // a flag, or --chart with no column
            } else {
                // NAME=VALUE: a value that starts with '-' stays a value.
                option.originalStringValues().forEach(value -> args.add(name + "=" + value));
            }
        }
        return args;
    }

    /** The command that runs runlocal.java with {@code args}; a one-line error when there is no launcher. */
    public List<String> command(List<String> args) {
        String launcher = blankToNull(env.get(LAUNCHER));
        String script = LOCAL_SCRIPT;
        String ran = blankToNull(env.get(SCRIPT));
        if (launcher != null && ran != null) {
            // Named like run.java was (scripts/run.java -> scripts/runlocal.java): the wrapper keeps
            // one launch-cache entry per script name, and a second spelling would replace it each time.
            int slash = ran.lastIndexOf('/');
            script = slash < 0 ? LOCAL_SCRIPT : ran.substring(0, slash + 1) + LOCAL_SCRIPT;
        } else {
            launcher = onPath("jbang");
            if (launcher == null) {
                throw new UserError(UserError.ENVIRONMENT, "run.java --local runs the job in " + LOCAL_SCRIPT
                        + " and found no JBang to start it: run `./jbang run.java --local`, or `./jbang " + LOCAL_SCRIPT + "` directly");
            }
        }
        List<String> command = new ArrayList<>();
        command.add(launcher);
        command.add(script);
        command.addAll(args);
        return command;
    }

    /** Runs runlocal.java with {@code args} on this terminal and returns its exit code. */
    public int run(List<String> args) {
        List<String> command = command(args);
        Process process;
        try {
            process = new ProcessBuilder(command).inheritIO().start();
        } catch (java.io.IOException e) {
            throw new UserError(UserError.ENVIRONMENT, "could not start " + command.get(0) + " " + command.get(1) + ": " + e.getMessage(), e);
        }
        // Ctrl-C reaches both JVMs (one process group): this one waits while the job cleans up, so
        // the shell prompt does not come back before the job's last line.
        Thread waiter = new Thread(() -> {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "wait-for-runlocal");
        Runtime.getRuntime().addShutdownHook(waiter);
        try {
            int exit = process.waitFor();
            Runtime.getRuntime().removeShutdownHook(waiter);
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new UserError(UserError.ENVIRONMENT, "interrupted while " + LOCAL_SCRIPT + " ran", e);
        } catch (IllegalStateException shuttingDown) {
            return process.exitValue();
        }
    }

    private String onPath(String name) {
        String path = env.get("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

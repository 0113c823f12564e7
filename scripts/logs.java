///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// One version: the BOM pins the engine and everything it runs with.
//DEPS io.github.emrflow:emrflow-bom:0.1.0-SNAPSHOT@pom
//DEPS io.github.emrflow:emrflow-core
//DEPS org.slf4j:slf4j-nop
// Short-lived: the C1 compiler alone starts faster and is enough.
//JAVA_OPTIONS -XX:TieredStopAtLevel=1

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.cli.AwsOptions;
import io.github.emrflow.cli.Cli;
import io.github.emrflow.cli.ProjectOptions;
import io.github.emrflow.cli.Version;
import io.github.emrflow.config.Config;
import io.github.emrflow.logs.LogStream;
import io.github.emrflow.logs.RunLogs;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "logs.java", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Print the Spark driver's log of a run on AWS (the latest run by default), gunzipped from the run's",
                "S3 log location; --follow prints it as it grows until the job ends; --ui prints a fresh Spark UI link."},
        footer = {"", "Examples:", "  ./jbang logs.java                        (stderr of the latest run)",
                "  ./jbang logs.java --run RUN_ID --stdout --lines 50",
                "  ./jbang logs.java --follow", "  ./jbang logs.java --ui"})
public class logs implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "ID", description = "Run id (default: the latest run, failed and running ones included).")
    String runId;

    @ArgGroup(exclusive = true)
    Stream stream = new Stream();

    static class Stream {
        @Option(names = "--stdout", description = "The job's own output (its prints).")
        boolean stdout;

        @Option(names = "--stderr", description = "Spark's log and any traceback (the default).")
        boolean stderr;
    }

    @Option(names = "--lines", paramLabel = "N", description = "Only the last N lines (default: all; with --follow, where to start).")
    Integer lines;

    @Option(names = "--attempt", paramLabel = "N", description = "The job run's attempt N (with job.max.attempts; default: the last).")
    Integer attempt;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines while the job runs; stop when it ends.")
    boolean follow;

    @Option(names = "--ui", description = "Print a Spark UI link for the run, made now (links expire: never reuse an old one).")
    boolean ui;

    @Mixin
    AwsOptions awsOptions = new AwsOptions();

    @Mixin
    ProjectOptions projectOptions = new ProjectOptions();

    public static void main(String... args) {
        System.exit(Cli.execute(new logs(), args));
    }

    @Override
    public Integer call() {
        if (lines != null && lines < 1) {
            throw UserError.badInput("--lines is " + lines + ": give 1 or more, or leave it out for the whole log");
        }
        if (attempt != null && attempt < 1) {
            throw UserError.badInput("--attempt is " + attempt + ": attempts count from 1");
        }
        if (ui && (follow || lines != null || stream.stdout || stream.stderr)) {
            throw UserError.badInput("--ui prints a link only: leave out --follow, --lines, --stdout and --stderr");
        }
        Config config = projectOptions.project().config();
        try (AwsSession aws = AwsSession.open(awsOptions, config)) {
            RunLogs logs = new RunLogs(aws, config, System.out, System.err);
            int which = attempt == null ? 0 : attempt;
            return ui ? logs.sparkUi(runId, which)
                    : logs.print(runId, stream.stdout ? LogStream.STDOUT : LogStream.STDERR, lines == null ? 0 : lines, which, follow);
        }
    }
}

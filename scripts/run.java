///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// One version: the BOM pins the engine and everything it runs with.
//DEPS io.github.emrflow:emrflow-bom:0.1.0-SNAPSHOT@pom
//DEPS io.github.emrflow:emrflow-core
//DEPS org.slf4j:slf4j-nop
// No Spark here: the AWS path never uses it, and its ~130 jars made every start slower. --local
// runs the job in runlocal.java (Spark's class path), started by local/LocalLaunch.
// Short-lived or mostly waiting on AWS: the C1 compiler alone starts faster and is enough.
//JAVA_OPTIONS -XX:TieredStopAtLevel=1

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.aws.AwsSession.Client;
import io.github.emrflow.cli.AwsOptions;
import io.github.emrflow.cli.ChartOptions;
import io.github.emrflow.cli.Cli;
import io.github.emrflow.cli.ParameterOptions;
import io.github.emrflow.cli.ProjectOptions;
import io.github.emrflow.cli.ReportOptions;
import io.github.emrflow.cli.TableOptions;
import io.github.emrflow.cli.Version;
import io.github.emrflow.cli.RunCommand;
import io.github.emrflow.config.Config;
import io.github.emrflow.cli.Durations;
import io.github.emrflow.local.LocalLaunch;
import io.github.emrflow.local.LocalRun;
import io.github.emrflow.run.RemoteRun;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run.java", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Run the project's job (job/): on AWS, the deployed state machine (watched until it ends);",
                "with --local, on this machine over local files (no AWS account needed)."},
        footer = {"", "Examples:", "  ./jbang run.java --local", "  ./jbang run.java --local --param NAME=VALUE --sort COLUMN --top 10",
                "  ./jbang run.java                      (on AWS, after ./jbang deploy.java)",
                "  ./jbang run.java --attach arn:aws:states:REGION:ACCOUNT:execution:PREFIX-workflow:run-RUN_ID"})
public class run implements Callable<Integer> {
    @Option(names = "--local", description = {"Run on this machine: the job's PySpark script if PySpark is installed, else its SQL on embedded Spark",
            "(in runlocal.java, which run.java starts with the same arguments)."})
    boolean local;

    @Option(names = "--input", paramLabel = "FILE", description = "Input CSV for --local (default: the job's input file, job/job.json).")
    Path input;

    @Mixin
    ParameterOptions parameters = new ParameterOptions();

    @Option(names = "--no-wait", description = "Start the execution, print its ARN and return.")
    boolean noWait;

    @Option(names = "--attach", paramLabel = "EXECUTION_ARN", description = "Watch an execution that is already running.")
    String attach;

    @Option(names = "--timeout", defaultValue = "60m", paramLabel = "DURATION",
            description = "Stop watching after DURATION, e.g. 90s, 45m, 2h (default: ${DEFAULT-VALUE}); the run goes on.")
    String timeout;

    @Mixin
    TableOptions table = new TableOptions();

    @Mixin
    ChartOptions chart = new ChartOptions();

    @Mixin
    ReportOptions.Report report = new ReportOptions.Report();

    @Mixin
    AwsOptions awsOptions = new AwsOptions();

    @Mixin
    ProjectOptions projectOptions = new ProjectOptions();

    @Spec
    CommandSpec spec;

    /** The options a local run does not use: they are not passed on to runlocal.java. */
    Set<String> awsOnlyOptions() {
        Set<String> names = new HashSet<>(List.of("--no-wait", "--attach", "--timeout"));
        spec.mixins().get("awsOptions").options().forEach(o -> names.add(o.longestName()));
        return names;
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new run(), args));
    }

    @Override
    public Integer call() {
        RunCommand checked = RunCommand.checked(projectOptions, parameters, table, chart, report);
        Config config = checked.config();
        if (local) {
            return LocalLaunch.sparkOnClassPath() ? new LocalRun(checked.project(), config, table, chart, report).run(input)
                    : new LocalLaunch(System.getenv()).run(LocalLaunch.arguments(spec.commandLine().getParseResult(), awsOnlyOptions()));
        }
        if (input != null) {
            throw UserError.badInput("--input is for --local runs; on AWS the job reads the uploaded input: `./jbang deploy.java --input FILE`");
        }
        var limit = Durations.parse(timeout, "--timeout");
        // The account id (ARNs, the bucket's expected owner), Step Functions and S3 on every path;
        // EMR Serverless when the run is watched (the job run's state).
        Client[] clients = noWait ? new Client[] {Client.SFN, Client.S3} : new Client[] {Client.SFN, Client.S3, Client.EMR};
        try (AwsSession aws = AwsSession.open(awsOptions, config).buildAhead(true, clients)) {
            RemoteRun run = new RemoteRun(aws, config, table, chart, report, System.out);
            return attach != null ? run.watch(attach, limit, timeout) : run.start(noWait, limit, timeout);
        }
    }
}

///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// One version: the BOM pins the engine and everything it runs with.
//DEPS io.github.emrflow:emrflow-bom:0.1.0-SNAPSHOT@pom
// Spark before the engine: JBang keeps the first version it meets, and Spark needs its own log4j and slf4j.
//DEPS org.apache.spark:spark-sql_2.13
//DEPS io.github.emrflow:emrflow-core
//JAVA_OPTIONS --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED

import io.github.emrflow.UserError;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.cli.AwsOptions;
import io.github.emrflow.cli.ChartOptions;
import io.github.emrflow.cli.Cli;
import io.github.emrflow.cli.ParameterOptions;
import io.github.emrflow.cli.ProjectOptions;
import io.github.emrflow.cli.ReportOptions;
import io.github.emrflow.cli.TableOptions;
import io.github.emrflow.cli.Version;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Project;
import io.github.emrflow.cli.Durations;
import io.github.emrflow.local.LocalRun;
import io.github.emrflow.run.RemoteRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run.java", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Run the project's job (job/): on AWS, the deployed state machine (watched until it ends);",
                "with --local, on this machine over local files (no AWS account needed)."},
        footer = {"", "Examples:", "  ./jbang run.java --local", "  ./jbang run.java --local --param NAME=VALUE --sort COLUMN --top 10",
                "  ./jbang run.java                      (on AWS, after ./jbang deploy.java)",
                "  ./jbang run.java --attach arn:aws:states:REGION:ACCOUNT:execution:PREFIX-workflow:run-RUN_ID"})
public class run implements Callable<Integer> {
    @Option(names = "--local", description = "Run on this machine: the job's PySpark script if PySpark is installed, else its SQL on embedded Spark.")
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

    public static void main(String... args) {
        System.exit(Cli.execute(new run(), args));
    }

    @Override
    public Integer call() {
        Project project = projectOptions.project();
        Config config = parameters.apply(project.config());
        table.validate(config.job().outputColumns(), chart, config.job().chartRange());
        report.validate();
        if (local) {
            return new LocalRun(project, config, table, chart, report).run(input);
        }
        if (input != null) {
            throw UserError.badInput("--input is for --local runs; on AWS the job reads the uploaded input: `./jbang deploy.java --input FILE`");
        }
        var limit = Durations.parse(timeout, "--timeout");
        try (AwsSession aws = AwsSession.open(awsOptions, config)) {
            RemoteRun run = new RemoteRun(aws, config, table, chart, report, System.out);
            return attach != null ? run.watch(attach, limit, timeout) : run.start(noWait, limit, timeout);
        }
    }
}

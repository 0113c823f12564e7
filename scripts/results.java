///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// slf4j first: JBang keeps the first version it meets; the AWS SDK would bring an older API.
//DEPS org.slf4j:slf4j-api:2.0.16
//DEPS org.slf4j:slf4j-nop:2.0.16
//DEPS info.picocli:picocli:4.7.7
//DEPS org.freemarker:freemarker:2.3.35
//DEPS com.fasterxml.jackson.core:jackson-databind:2.15.2
//DEPS software.amazon.awssdk:s3:2.41.28
//DEPS software.amazon.awssdk:iam:2.41.28
//DEPS software.amazon.awssdk:sts:2.41.28
//DEPS software.amazon.awssdk:sfn:2.41.28
//DEPS software.amazon.awssdk:emrserverless:2.41.28
//DEPS software.amazon.awssdk:url-connection-client:2.41.28
//SOURCES lib/io/github/emrflow/*.java
// Short-lived: the C1 compiler alone starts faster and is enough.
//JAVA_OPTIONS -XX:TieredStopAtLevel=1

import io.github.emrflow.AwsOptions;
import io.github.emrflow.AwsSession;
import io.github.emrflow.Cli;
import io.github.emrflow.Config;
import io.github.emrflow.RemoteRuns;
import io.github.emrflow.LocalRuns;
import io.github.emrflow.Project;
import io.github.emrflow.TableOptions;
import io.github.emrflow.UserError;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "results.java", mixinStandardHelpOptions = true, version = "emrflow 0.1.0", sortOptions = false,
        description = "Print the per-title maximum and minimum salary of a run (the latest by default).",
        footer = {"", "Examples:", "  ./jbang results.java                     (the latest run on AWS)",
                "  ./jbang results.java --local --sort max --top 5 --format json"})
public class results implements Callable<Integer> {
    @Option(names = "--local", description = "Read a local run (from run.java --local) under PROJECT/runs/.")
    boolean local;

    @Option(names = "--project", defaultValue = ".", paramLabel = "DIR", description = "Project folder (default: ${DEFAULT-VALUE}).")
    Path projectDir;

    @Option(names = "--run", paramLabel = "ID", description = "Run id to print (default: the latest successful run).")
    String runId;

    @Mixin
    AwsOptions awsOptions = new AwsOptions();

    @Mixin
    TableOptions table = new TableOptions();

    @Option(names = "--verbose", description = "Print details (stack traces) on failure.")
    boolean verbose;

    public static void main(String... args) {
        System.exit(Cli.execute(new results(), args));
    }

    @Override
    public Integer call() {
        table.validate();
        if (!local) {
            Config config = Project.at(projectDir).config();
            try (AwsSession aws = AwsSession.open(awsOptions, config)) {
                RemoteRuns runs = new RemoteRuns(aws, config.bucket());
                String id = runId != null ? runId : runs.latestCompleted().orElseThrow(() -> UserError.badInput(
                        "no completed run in s3://" + config.bucket() + "/runs/ yet: run `./jbang run.java` first"));
                String column = runs.record(id).map(r -> r.salaryColumn()).orElse(config.salaryColumn());
                System.out.print(table.render(runs.table(id), column));
                return 0;
            }
        }
        Project project = new Project(projectDir);
        LocalRuns runs = new LocalRuns(project.runsDir());
        String id = runId != null ? runId : runs.latest().orElseThrow(() -> UserError.badInput(
                "no local run yet in " + project.runsDir() + ": run `./jbang run.java --local` first"));
        var result = runs.table(id);
        System.out.print(table.render(result, runs.record(id).salaryColumn()));
        return 0;
    }
}

///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// One version: the BOM pins the engine and everything it runs with.
//DEPS io.github.emrflow:emrflow-bom:0.1.0-SNAPSHOT@pom
//DEPS io.github.emrflow:emrflow-core
//DEPS org.slf4j:slf4j-nop
// Short-lived: the C1 compiler alone starts faster and is enough.
//JAVA_OPTIONS -XX:TieredStopAtLevel=1

import io.github.emrflow.cli.AwsOptions;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.cli.Cli;
import io.github.emrflow.config.Config;
import io.github.emrflow.results.RemoteRuns;
import io.github.emrflow.results.LocalRuns;
import io.github.emrflow.config.Project;
import io.github.emrflow.cli.TableOptions;
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

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
import io.github.emrflow.aws.AwsSession.Client;
import io.github.emrflow.cli.Cli;
import io.github.emrflow.cli.ProjectOptions;
import io.github.emrflow.cli.Version;
import io.github.emrflow.config.Config;
import io.github.emrflow.deploy.Teardown;
import io.github.emrflow.UserError;
import java.io.Console;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "destroy.java", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Remove what deploy created: schedules, running executions, the project's EMR Serverless applications",
                "(stopped first), the state machine, the roles, the failure-alert rule and topic; with --delete-data also the bucket."},
        footer = {"", "Examples:", "  ./jbang destroy.java", "  ./jbang destroy.java --yes --delete-data"})
public class destroy implements Callable<Integer> {
    @Option(names = "--delete-data", description = "Also empty and delete the bucket (input, job, every run's output and logs).")
    boolean deleteData;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (required when not on a terminal).")
    boolean yes;

    @Mixin
    AwsOptions awsOptions = new AwsOptions();

    @Mixin
    ProjectOptions projectOptions = new ProjectOptions();

    public static void main(String... args) {
        System.exit(Cli.execute(new destroy(), args));
    }

    @Override
    public Integer call() {
        Config config = projectOptions.project().config();
        try (AwsSession aws = AwsSession.open(awsOptions, config).buildAhead(true, Client.S3, Client.IAM, Client.SFN, Client.EMR)) {
            Teardown teardown = new Teardown(aws, config);
            List<String> found = teardown.inventory(deleteData);
            if (found.isEmpty()) {
                System.out.println("nothing to remove for " + config.prefix() + " in " + aws.target());
                return 0;
            }
            System.out.println("will remove from " + aws.target() + ":");
            found.forEach(f -> System.out.println("  " + f));
            if (!yes) {
                Console console = System.console();
                if (console == null) {
                    throw UserError.badInput("not on a terminal: pass --yes to confirm the removal");
                }
                String answer = console.readLine("remove these? [y/N] ");
                if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
                    System.out.println("nothing removed");
                    return 1;
                }
            }
            List<String> removed = teardown.destroy(deleteData, System.out::println);
            System.out.println("removed " + removed.size() + " resource(s)" + (deleteData ? "" : "; the bucket and its data stay (--delete-data removes them)"));
            return 0;
        }
    }
}

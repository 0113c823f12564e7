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
import io.github.emrflow.config.ApplicationMode;
import io.github.emrflow.config.Config;
import io.github.emrflow.deploy.Deployment;
import io.github.emrflow.deploy.PlannedChange;
import io.github.emrflow.config.Project;
import io.github.emrflow.render.TemplateRenderer;
import io.github.emrflow.run.CostModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "deploy.java", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Render and validate the templates, then create or update the bucket, uploads, IAM roles and",
                "state machine. Re-running with nothing changed writes nothing."},
        footer = {"", "Examples:", "  ./jbang deploy.java --dry-run", "  ./jbang deploy.java --profile prod --region eu-west-1",
                "  AWS_ENDPOINT_URL=http://127.0.0.1:4566 ./jbang deploy.java   (the offline emulator: ./jbang emulator.java)"})
public class deploy implements Callable<Integer> {
    @Option(names = "--input", paramLabel = "FILE", description = "CSV to upload as the job's input (default: the job's input file, job/job.json).")
    Path input;

    @Option(names = "--dry-run", description = "Render, validate and read what exists; print what would change and write nothing.")
    boolean dryRun;

    @Option(names = "--adopt-bucket", description = {"Use an existing bucket that is not tagged as this project's: add this project's",
            "policy statement and tags beside what it has (its encryption is kept). destroy.java will not delete it."})
    boolean adoptBucket;

    @Mixin
    AwsOptions awsOptions = new AwsOptions();

    @Mixin
    ProjectOptions projectOptions = new ProjectOptions();

    public static void main(String... args) {
        System.exit(Cli.execute(new deploy(), args));
    }

    @Override
    public Integer call() {
        Project project = projectOptions.project();
        Config config = project.config();
        TemplateRenderer renderer = new TemplateRenderer(project.templatesDir());
        Path source = input != null ? input.toAbsolutePath() : project.inputFile(config.job());
        // EMR Serverless only for the shared application (application.mode=shared).
        Client[] clients = config.applicationMode() == ApplicationMode.SHARED
                ? new Client[] {Client.S3, Client.IAM, Client.SFN, Client.EMR} : new Client[] {Client.S3, Client.IAM, Client.SFN};
        try (AwsSession aws = AwsSession.open(awsOptions, config).buildAhead(true, clients)) {
            System.err.printf("%s %s to %s as account %s%n", dryRun ? "planning" : "deploying", config.prefix(), aws.target(), aws.accountId());
            Deployment deployment = Deployment.plan(aws, config, renderer, source, adoptBucket);
            String idleCost = CostModel.initialCapacityLine(config);
            if (dryRun) {
                deployment.changes().forEach(c -> System.out.println(c.line(true)));
                System.out.println(deployment.hasChanges() ? "dry run: nothing was written" : "dry run: everything is up to date");
                if (idleCost != null) {
                    System.out.println(idleCost);
                }
                return 0;
            }
            deployment.apply(System.out::println);
            if (idleCost != null) {
                System.out.println(idleCost);
            }
            long changed = deployment.changes().stream().filter(c -> c.action() != PlannedChange.Action.UNCHANGED).count();
            System.out.println(changed == 0 ? "everything is up to date" : "deployed: " + changed + " of "
                    + deployment.changes().size() + " resources changed; next: ./jbang run.java");
            return 0;
        }
    }
}

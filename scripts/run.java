///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// One version: the BOM pins the engine and everything it runs with.
//DEPS io.github.emrflow:emrflow-bom:0.1.0-SNAPSHOT@pom
// Spark before the engine: JBang keeps the first version it meets, and Spark needs its own log4j and slf4j.
//DEPS org.apache.spark:spark-sql_2.13
//DEPS io.github.emrflow:emrflow-core
//JAVA_OPTIONS --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED

import io.github.emrflow.render.Aggregation;
import io.github.emrflow.cli.AwsOptions;
import io.github.emrflow.aws.AwsSession;
import io.github.emrflow.results.RemoteRuns;
import io.github.emrflow.run.RunReport;
import io.github.emrflow.run.RunWatcher;
import io.github.emrflow.run.WorkflowRun;
import io.github.emrflow.cli.Cli;
import io.github.emrflow.config.Config;
import io.github.emrflow.results.LocalRuns;
import io.github.emrflow.config.Project;
import io.github.emrflow.run.RunId;
import io.github.emrflow.config.Setting;
import io.github.emrflow.cli.TableOptions;
import io.github.emrflow.render.TemplateRenderer;
import io.github.emrflow.UserError;
import io.github.emrflow.local.LocalJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run.java", mixinStandardHelpOptions = true, version = "emrflow 0.1.0", sortOptions = false,
        description = {"Run the salary job: on AWS, the deployed state machine (watched until it ends);",
                "with --local, embedded Spark over local files (no AWS account needed)."},
        footer = {"", "Examples:", "  ./jbang run.java --local", "  ./jbang run.java --local --input my.csv --salary-column salary --top 10",
                "  ./jbang run.java                      (on AWS, after ./jbang deploy.java)",
                "  ./jbang run.java --attach arn:aws:states:REGION:ACCOUNT:execution:PREFIX-workflow:run-RUN_ID"})
public class run implements Callable<Integer> {
    @Option(names = "--local", description = "Run on embedded Spark (local[*]) over a local CSV file.")
    boolean local;

    @Option(names = "--project", defaultValue = ".", paramLabel = "DIR", description = "Project folder (default: ${DEFAULT-VALUE}).")
    Path projectDir;

    @Option(names = "--input", paramLabel = "FILE", description = "Input CSV (default: the project's data/ds_salaries.csv).")
    Path input;

    @Option(names = "--salary-column", paramLabel = "COLUMN", description = "Override salary.column: salary_in_usd or salary.")
    String salaryColumn;

    @Option(names = "--title-filter", paramLabel = "REGEX", description = "Override title.filter: only titles matching REGEX.")
    String titleFilter;

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
    AwsOptions awsOptions = new AwsOptions();

    @Option(names = "--verbose", description = "Print details (stack traces) on failure.")
    boolean verbose;

    public static void main(String... args) {
        System.exit(Cli.execute(new run(), args));
    }

    @Override
    public Integer call() {
        table.validate();
        Project project = Project.at(projectDir);
        Config config = overrides(project.config());
        if (!local) {
            return onAws(config);
        }
        Aggregation aggregation = new TemplateRenderer(project.templatesDir()).aggregation();
        Path source = input != null ? input.toAbsolutePath() : project.dataFile();
        LocalRuns runs = new LocalRuns(project.runsDir());
        String runId = RunId.next();
        Path staging = runs.stage(runId);
        System.err.printf("run %s: aggregating %s on embedded Spark...%n", runId, source);
        long start = System.nanoTime();
        try {
            LocalJob.run(aggregation, source, staging.resolve("output"), config.salaryColumn(), config.titleFilter());
            double seconds = (System.nanoTime() - start) / 1e9;
            runs.writeRecord(staging, new LocalRuns.RunRecord(runId, source.toString(), config.salaryColumn(), config.titleFilter(), seconds));
            LocalRuns.readParts(staging.resolve("output"));
            var result = io.github.emrflow.results.SalaryTable.fromParts(LocalRuns.readParts(staging.resolve("output")));
            runs.commit(runId, staging);
            System.err.printf("run %s: %d job titles in %.1f s, output in %s%n", runId, result.rows().size(), seconds, runs.outputOf(runId));
            System.out.print(table.render(result, config.salaryColumn()));
            return 0;
        } catch (RuntimeException e) {
            runs.discard(staging);
            throw e;
        }
    }

    private int onAws(Config config) {
        if (input != null) {
            throw UserError.badInput("--input is for --local runs; on AWS the job reads the uploaded input: `./jbang deploy.java --input FILE`");
        }
        Duration limit = parseDuration(timeout);
        try (AwsSession aws = AwsSession.open(awsOptions, config)) {
            return onAws(aws, config, limit);
        }
    }

    private int onAws(AwsSession aws, Config config, Duration limit) {
        WorkflowRun workflow = new WorkflowRun(aws, config);
        String executionArn = attach;
        if (executionArn == null) {
            String runId = RunId.next();
            executionArn = workflow.start(runId);
            System.out.println("run " + runId + ": started " + executionArn);
            System.out.println("  console: " + workflow.consoleLink(executionArn));
            if (noWait) {
                System.out.println("  watch it with: ./jbang run.java --attach " + executionArn);
                return 0;
            }
        } else {
            System.out.println("watching " + executionArn);
        }
        RunWatcher watcher = new RunWatcher(aws, executionArn, System.out, System.console() != null);
        final String arn = executionArn;
        Thread cleanup = new Thread(() -> {
            System.err.println();
            System.err.println("interrupted: stopping the run and cleaning up...");
            try {
                workflow.abandon(arn, watcher.applicationId(), watcher.jobRunId()).forEach(l -> System.err.println("  " + l));
            } catch (RuntimeException e) {
                System.err.println("  cleanup failed: " + e.getMessage() + " (run ./jbang destroy.java to remove leftovers)");
            }
            System.err.flush();
        }, "emrflow-interrupt");
        Runtime.getRuntime().addShutdownHook(cleanup);
        RunWatcher.Outcome outcome;
        try {
            outcome = watcher.watch(limit);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
        RunReport report = new RunReport(aws, config.bucket());
        if (outcome.status().equals("WATCH_TIMED_OUT")) {
            throw new UserError(UserError.ENVIRONMENT, "still running after " + timeout + "; watch it again with `./jbang run.java --attach "
                    + executionArn + "`");
        }
        if (!outcome.succeeded()) {
            report.failure(outcome).forEach(System.out::println);
            return UserError.JOB_FAILED;
        }
        String runId = executionArn.substring(executionArn.lastIndexOf(":run-") + 5);
        System.out.printf("run %s succeeded in %.1f s%n", runId, outcome.seconds());
        System.out.print(table.render(new RemoteRuns(aws, config.bucket()).table(runId), config.salaryColumn()));
        report.utilisation(outcome.applicationId(), outcome.jobRunId()).forEach(System.out::println);
        return 0;
    }

    static Duration parseDuration(String text) {
        var m = java.util.regex.Pattern.compile("(\\d{1,6})(s|m|h)").matcher(text.trim());
        if (!m.matches()) {
            throw UserError.badInput("--timeout '" + text + "' is not a duration like 90s, 45m or 2h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private Config overrides(Config config) {
        Map<Setting, String> given = new EnumMap<>(Setting.class);
        if (salaryColumn != null) {
            given.put(Setting.SALARY_COLUMN, salaryColumn);
        }
        if (titleFilter != null) {
            given.put(Setting.TITLE_FILTER, titleFilter);
        }
        return given.isEmpty() ? config : config.with(given, "command line");
    }
}

///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Spark first: JBang takes the first version it meets, and Spark needs its own log4j and slf4j.
//DEPS org.apache.spark:spark-sql_2.13:3.5.8
//DEPS info.picocli:picocli:4.7.7
//DEPS org.freemarker:freemarker:2.3.35
//DEPS com.fasterxml.jackson.core:jackson-databind:2.15.2
//DEPS software.amazon.awssdk:emrserverless:2.41.28
//SOURCES lib/io/github/emrflow/*.java
//SOURCES lib/io/github/emrflow/local/*.java
//JAVA_OPTIONS --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED

import io.github.emrflow.Aggregation;
import io.github.emrflow.Cli;
import io.github.emrflow.Config;
import io.github.emrflow.LocalRuns;
import io.github.emrflow.Project;
import io.github.emrflow.RunId;
import io.github.emrflow.Setting;
import io.github.emrflow.TableOptions;
import io.github.emrflow.TemplateRenderer;
import io.github.emrflow.UserError;
import io.github.emrflow.local.LocalJob;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run.java", mixinStandardHelpOptions = true, version = "emrflow 0.1.0", sortOptions = false,
        description = "Run the salary job: with --local on embedded Spark over local files (no AWS account needed).",
        footer = {"", "Example:", "  ./jbang run.java --local", "  ./jbang run.java --local --input my.csv --salary-column salary --top 10"})
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

    @Mixin
    TableOptions table = new TableOptions();

    @Option(names = "--verbose", description = "Print details (stack traces) on failure.")
    boolean verbose;

    public static void main(String... args) {
        System.exit(Cli.execute(new run(), args));
    }

    @Override
    public Integer call() {
        if (!local) {
            throw UserError.badInput("only --local is available in this version: run `./jbang run.java --local`");
        }
        Project project = Project.at(projectDir);
        Config config = overrides(project.config());
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
            var result = io.github.emrflow.SalaryTable.fromParts(LocalRuns.readParts(staging.resolve("output")));
            runs.commit(runId, staging);
            System.err.printf("run %s: %d job titles in %.1f s, output in %s%n", runId, result.rows().size(), seconds, runs.outputOf(runId));
            System.out.print(table.render(result, config.salaryColumn()));
            return 0;
        } catch (RuntimeException e) {
            runs.discard(staging);
            throw e;
        }
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

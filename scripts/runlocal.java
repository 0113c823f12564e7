///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// One version: the BOM pins the engine and everything it runs with.
//DEPS io.github.emrflow:emrflow-bom:0.1.0-SNAPSHOT@pom
// Spark before the engine: JBang keeps the first version it meets, and Spark needs its own log4j and slf4j.
//DEPS org.apache.spark:spark-sql_2.13
//DEPS io.github.emrflow:emrflow-core
// -Xshare:auto is the JVM's default; naming it tells ./jbang not to record a class archive of this
// script (Spark's ~20,000 classes: a 117 MB archive in ~12 s, docs/performance.md).
//JAVA_OPTIONS -Xshare:auto --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED

import io.github.emrflow.cli.ChartOptions;
import io.github.emrflow.cli.Cli;
import io.github.emrflow.cli.ParameterOptions;
import io.github.emrflow.cli.ProjectOptions;
import io.github.emrflow.cli.ReportOptions;
import io.github.emrflow.cli.RunCommand;
import io.github.emrflow.cli.TableOptions;
import io.github.emrflow.cli.Version;
import io.github.emrflow.local.LocalRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "runlocal.java", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Run the project's job (job/) on this machine over local files, no AWS account needed: the job's PySpark",
                "script if PySpark is installed, else its SQL on embedded Spark. `run.java --local` runs this script."},
        footer = {"", "Examples:", "  ./jbang runlocal.java", "  ./jbang runlocal.java --param NAME=VALUE --sort COLUMN --top 10"})
public class runlocal implements Callable<Integer> {
    // run.java --local passes its arguments on as they are, --local included.
    @Option(names = "--local", hidden = true, description = "Accepted and ignored: this script always runs locally.")
    boolean local;

    @Option(names = "--input", paramLabel = "FILE", description = "Input CSV (default: the job's input file, job/job.json).")
    Path input;

    @Mixin
    ParameterOptions parameters = new ParameterOptions();

    @Mixin
    TableOptions table = new TableOptions();

    @Mixin
    ChartOptions chart = new ChartOptions();

    @Mixin
    ReportOptions.Report report = new ReportOptions.Report();

    @Mixin
    ProjectOptions projectOptions = new ProjectOptions();

    public static void main(String... args) {
        System.exit(Cli.execute(new runlocal(), args));
    }

    @Override
    public Integer call() {
        RunCommand checked = RunCommand.checked(projectOptions, parameters, table, chart, report);
        return new LocalRun(checked.project(), checked.config(), table, chart, report).run(input);
    }
}

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
import io.github.emrflow.cli.ParameterOptions;
import io.github.emrflow.cli.ProjectOptions;
import io.github.emrflow.cli.Version;
import io.github.emrflow.config.Config;
import io.github.emrflow.schedule.ScheduleExpression;
import io.github.emrflow.schedule.ScheduledRun;
import io.github.emrflow.schedule.Schedules;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "schedule.java", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Run the deployed workflow on a schedule (EventBridge Scheduler, times in UTC): each run gets",
                "its own run id, output and results, like one started by run.java."},
        footer = {"", "Examples:", "  ./jbang schedule.java --cron \"0 6 * * ? *\"              (06:00 UTC every day)",
                "  ./jbang schedule.java --rate \"1 hour\" --name hourly --param NAME=VALUE",
                "  ./jbang schedule.java --list", "  ./jbang schedule.java --off --name hourly"})
public class schedule implements Callable<Integer> {
    static class What {
        @Option(names = "--cron", paramLabel = "FIELDS", description = "Six cron fields without cron(...): minutes hours day-of-month month day-of-week year.")
        String cron;

        @Option(names = "--rate", paramLabel = "RATE", description = "A rate without rate(...): \"1 hour\", \"30 minutes\", \"2 days\".")
        String rate;

        @Option(names = "--list", description = "List the project's schedules.")
        boolean list;

        @Option(names = "--off", description = "Delete the schedule named by --name.")
        boolean off;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    @Option(names = "--name", defaultValue = "default", paramLabel = "NAME", description = "The schedule's name (default: ${DEFAULT-VALUE}).")
    String name;

    @Mixin
    ParameterOptions parameters = new ParameterOptions();

    @Option(names = "--dry-run", description = "Say what would change; write nothing.")
    boolean dryRun;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "--list output: table or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    AwsOptions awsOptions = new AwsOptions();

    @Mixin
    ProjectOptions projectOptions = new ProjectOptions();

    public static void main(String... args) {
        System.exit(Cli.execute(new schedule(), args));
    }

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("json")) {
            throw UserError.badInput("--format '" + format + "' is not table or json");
        }
        Config config = parameters.apply(projectOptions.project().config());
        // Checked before any AWS call: a bad expression creates nothing.
        ScheduleExpression expression = what.cron != null ? ScheduleExpression.cron(what.cron)
                : what.rate != null ? ScheduleExpression.rate(what.rate) : null;
        Schedules.checkName(name);
        try (AwsSession aws = AwsSession.open(awsOptions, config)) {
            Schedules schedules = new Schedules(aws, config);
            if (what.list) {
                var runs = schedules.list();
                System.out.print(format.equals("json") ? ScheduledRun.json(runs) : ScheduledRun.table(runs));
                return 0;
            }
            if (what.off) {
                boolean found = schedules.delete(name, dryRun);
                System.out.println(!found ? "no schedule " + name + ": nothing to delete"
                        : "schedule " + name + (dryRun ? " would be deleted (dry run: nothing written)" : " deleted"));
                return 0;
            }
            System.out.println(schedules.put(name, expression, dryRun));
            return 0;
        }
    }
}

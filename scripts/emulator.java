///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// One version: the BOM pins the engine and everything it runs with.
//DEPS io.github.emrflow:emrflow-bom:0.1.0-SNAPSHOT@pom
// Spark before the engine: JBang keeps the first version it meets, and Spark needs its own log4j and slf4j.
//DEPS org.apache.spark:spark-sql_2.13
//DEPS io.github.emrflow:emrflow-core

import io.github.emrflow.cli.Cli;
import io.github.emrflow.cli.ProjectOptions;
import io.github.emrflow.cli.Version;
import io.github.emrflow.emulator.OfflineEmulator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "emulator.java", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Rehearse before you pay: run an offline AWS (moto with emrflow's extension) on this machine.",
                "Job runs really execute the project's job (PySpark if installed, else its SQL on embedded Spark). Stop it with Ctrl-C."},
        footer = {"", "Example:", "  ./jbang emulator.java            then, in another terminal:",
                "  export AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test",
                "  ./jbang deploy.java && ./jbang run.java && ./jbang results.java"})
public class emulator implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "4566", paramLabel = "PORT", description = "Loopback port to serve on (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--log-requests", description = "Log every request the emulator serves.")
    boolean logRequests;

    @Mixin
    ProjectOptions projectOptions = new ProjectOptions();

    public static void main(String... args) {
        System.exit(Cli.execute(new emulator(), args));
    }

    @Override
    public Integer call() throws Exception {
        return OfflineEmulator.run(projectOptions.project(), port, logRequests);
    }
}

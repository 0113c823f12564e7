package io.github.emrflow.cli;

import io.github.emrflow.config.Environment;
import io.github.emrflow.config.Project;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every script shares: which project, and how much to say when something fails. */
public class ProjectOptions {
    @Option(names = "--project", defaultValue = ".", paramLabel = "DIR", description = "Project folder (default: ${DEFAULT-VALUE}).")
    public Path projectDir = Path.of(".");

    /** Read by {@link Cli} from the parse result; declared here so every script has it. */
    @Option(names = "--verbose", description = "Print details (stack traces) on failure.")
    public boolean verbose;

    @Option(names = "--env", paramLabel = "NAME",
            description = "Environment: read emrflow.NAME.properties over emrflow.properties and name and tag every resource PREFIX-NAME.")
    public String env;

    /** The project, checked to have its config (and the environment's) and templates. */
    public Project project() {
        return Project.at(projectDir, env == null ? null : new Environment(env));
    }
}

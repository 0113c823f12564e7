package io.github.emrflow.cli;

import io.github.emrflow.config.Config;
import io.github.emrflow.job.JobParameters;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --param NAME=VALUE}: one run's value of a parameter the job declares, over emrflow.properties' job.NAME. */
public class ParameterOptions {
    @Option(names = JobParameters.FLAG, paramLabel = "NAME=VALUE",
            description = "Set a job parameter for this run (repeatable); the job's parameters are declared in job/job.json.")
    public List<String> assignments = new ArrayList<>();

    /** The config with these values applied, each checked against its declaration (exit 2 naming the declared ones). */
    public Config apply(Config config) {
        if (assignments.isEmpty()) {
            return config;
        }
        return config.withParameters(JobParameters.parseAssignments(assignments, JobParameters.FLAG), JobParameters.FLAG);
    }
}

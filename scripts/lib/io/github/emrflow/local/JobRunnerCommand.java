package io.github.emrflow.local;

import io.github.emrflow.UserError;
import io.github.emrflow.cli.Cli;
import io.github.emrflow.config.Project;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.JobParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The offline emulator's job runner: what EMR Serverless does with a job run, on this machine. The
 * emulator starts it with the job's deployed script and its EntryPointArguments (input and output
 * as local paths, the {@code --param} pairs verbatim). Errors are one line on stderr, which the
 * emulator shows as the job run's state details.
 */
@Command(name = "emrflow-job-runner", mixinStandardHelpOptions = true,
        description = "Run a project's job locally: its PySpark script when PySpark is installed, else its SQL on embedded Spark.")
public final class JobRunnerCommand implements Callable<Integer> {
    @Option(names = "--project", required = true, paramLabel = "DIR", description = "The project whose job/ definition to run.")
    Path project;

    @Option(names = "--script", paramLabel = "FILE", description = "The job's rendered PySpark script (as deployed).")
    Path script;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Input CSV.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder (must not exist).")
    Path output;

    @Option(names = "--py-files", paramLabel = "ZIP", description = "The zip of the job's own Python packages (as deployed).")
    Path pyFiles;

    @Option(names = JobParameters.FLAG, paramLabel = "NAME=VALUE", description = "A job parameter (repeatable).")
    List<String> parameters = new ArrayList<>();

    public static void main(String... args) {
        System.exit(Cli.execute(new JobRunnerCommand(), args));
    }

    @Override
    public Integer call() throws IOException {
        JobDefinition job = Project.at(project).job();
        JobParameters values = JobParameters.defaults(job).with(JobParameters.parseAssignments(parameters, "job arguments"), "job arguments");
        LocalJobRunner runner = LocalJobRunner.detect(job, System.getenv());
        if (runner.usesPySpark() && script == null) {
            throw UserError.badInput("no --script: PySpark needs the job's script");
        }
        System.out.println("emrflow: running " + runner.description());
        runner.run(script == null ? "" : Files.readString(script, StandardCharsets.UTF_8), input, output, values, pyFiles);
        System.out.println("emrflow: wrote the job's output to " + output);
        return 0;
    }
}

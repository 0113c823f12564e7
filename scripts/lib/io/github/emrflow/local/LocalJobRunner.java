package io.github.emrflow.local;

import io.github.emrflow.UserError;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.JobParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a job on this machine with the best engine it has: the job's own PySpark script (the one
 * deployed to EMR Serverless, rendered from templates/job.py.ftl) when PySpark is installed, else
 * the job's SQL on embedded Spark. Both get the same input, output and {@code --param} arguments;
 * {@link #description()} says which one runs, so a user knows what the numbers came from.
 */
public final class LocalJobRunner {
    private final JobDefinition job;
    private final Optional<PySpark> pyspark;

    private LocalJobRunner(JobDefinition job, Optional<PySpark> pyspark) {
        this.job = job;
        this.pyspark = pyspark;
    }

    /** Looks for PySpark in {@code env} (SPARK_HOME, PYSPARK_PYTHON): pass System.getenv() outside tests. */
    public static LocalJobRunner detect(JobDefinition job, Map<String, String> env) {
        return new LocalJobRunner(job, PySpark.find(env));
    }

    public boolean usesPySpark() {
        return pyspark.isPresent();
    }

    public String description() {
        return pyspark.map(p -> "the job's PySpark script with " + p.description())
                .orElse("the job's SQL on embedded Spark (no PySpark here: set SPARK_HOME or install pyspark to run the PySpark script)");
    }

    /**
     * Runs the job into {@code outputDir} (which must not exist). {@code script} is the rendered
     * PySpark script; it is only read when PySpark runs it.
     */
    public void run(String script, Path input, Path outputDir, JobParameters parameters) {
        run(script, input, outputDir, parameters, null);
    }

    /**
     * As {@link #run(String, Path, Path, JobParameters)} with the zip of the job's own packages
     * ({@code pyFiles}, null when it has none): PySpark gets it as --py-files, the embedded engine
     * loads the job's UDFs from it.
     */
    public void run(String script, Path input, Path outputDir, JobParameters parameters, Path pyFiles) {
        if (pyspark.isEmpty()) {
            LocalJob.run(job, input, outputDir, parameters, pyFiles);
            return;
        }
        InputCheck.check(input, job);
        try {
            Path file = Files.createTempFile("emrflow-" + job.name() + "-", ".py");
            try {
                Files.writeString(file, script, StandardCharsets.UTF_8);
                runScript(file, input, outputDir, parameters, pyFiles);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void runScript(Path script, Path input, Path outputDir, JobParameters parameters, Path pyFiles) throws IOException {
        PySpark engine = pyspark.orElseThrow();
        List<String> command = new ArrayList<>(engine.command());
        if (pyFiles != null && engine.isSparkSubmit()) {
            command.addAll(List.of("--py-files", pyFiles.toString()));
        }
        command.add(script.toString());
        command.addAll(List.of("--input", input.toString(), "--output", outputDir.toString()));
        command.addAll(parameters.arguments());
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (pyFiles != null && !engine.isSparkSubmit()) {
            // A plain python with the pyspark package reads spark-submit's arguments from here.
            builder.environment().put("PYSPARK_SUBMIT_ARGS", "--py-files " + pyFiles + " pyspark-shell");
        }
        Process process = builder.start();
        String lastError = "";
        try (var err = process.errorReader(StandardCharsets.UTF_8)) {
            for (String line; (line = err.readLine()) != null; ) {
                if (!line.isBlank()) {
                    lastError = line.strip();
                }
            }
        }
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new UserError(UserError.ENVIRONMENT, "interrupted");
        }
        if (code != 0) {
            String message = lastError.startsWith("error: ") ? lastError.substring(7) : lastError;
            throw new UserError(code == UserError.BAD_INPUT ? UserError.BAD_INPUT : UserError.JOB_FAILED,
                    "the PySpark job failed (exit " + code + "): " + (message.isEmpty() ? "no message on stderr" : message));
        }
    }
}

package io.github.emrflow.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PySpark installation on this machine, to run the job's own PySpark script locally as EMR
 * Serverless would: {@code SPARK_HOME} with {@code bin/spark-submit}, or a Python that can import
 * {@code pyspark} ({@code PYSPARK_PYTHON}, else python3).
 */
public record PySpark(List<String> command, String description) {

    public static Optional<PySpark> find(Map<String, String> env) {
        String home = env.get("SPARK_HOME");
        if (home != null && !home.isBlank()) {
            Path submit = Path.of(home, "bin", "spark-submit");
            if (Files.isExecutable(submit)) {
                return Optional.of(new PySpark(List.of(submit.toString(), "--master", "local[*]"), "spark-submit from SPARK_HOME=" + home));
            }
        }
        String python = env.getOrDefault("PYSPARK_PYTHON", "python3");
        if (canImportPyspark(python)) {
            return Optional.of(new PySpark(List.of(python), python + " with the pyspark package"));
        }
        return Optional.empty();
    }

    /** True for SPARK_HOME's spark-submit (takes --py-files itself); false for a python with the pyspark package. */
    public boolean isSparkSubmit() {
        return command.get(0).endsWith("spark-submit");
    }

    private static boolean canImportPyspark(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import pyspark").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

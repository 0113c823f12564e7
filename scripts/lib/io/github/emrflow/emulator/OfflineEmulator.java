package io.github.emrflow.emulator;

import io.github.emrflow.UserError;
import io.github.emrflow.local.JobRunnerCommand;
import io.github.emrflow.config.Project;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * emulator.java: starts the project's moto extension (emulator/emrflow_emulator.py) on a loopback
 * port with this JVM's classpath as the job runner, so job runs execute the real aggregation on
 * embedded Spark (or PySpark); prints how to point the scripts at it; stops it (by its process id) on Ctrl-C.
 */
public final class OfflineEmulator {
    private OfflineEmulator() {
    }

    public static int run(Project project, int port, boolean verbose) throws IOException, InterruptedException {
        Path launcher = project.root().resolve("emulator/emrflow_emulator.py");
        if (!Files.isRegularFile(launcher)) {
            launcher = project.root().resolve("scripts/emulator/emrflow_emulator.py");
        }
        if (!Files.isRegularFile(launcher)) {
            throw UserError.badInput("no emulator/emrflow_emulator.py in " + project.root() + ": the project is incomplete, regenerate it");
        }
        Path ensure = launcher.resolveSibling("ensure-moto.sh");
        if (Files.isRegularFile(ensure)) {
            Process check = new ProcessBuilder("sh", ensure.toString()).inheritIO().start();
            if (check.waitFor() != 0) {
                return UserError.ENVIRONMENT;
            }
        }
        String python = python(project);
        List<String> cmd = new ArrayList<>(List.of(python, launcher.toString(), "--port", String.valueOf(port),
                "--job-runner", jobRunner(project)));
        if (verbose) {
            cmd.add("--verbose");
        }
        Process emulator = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread stop = new Thread(() -> {
            if (emulator.isAlive()) {
                emulator.toHandle().destroy();
                try {
                    emulator.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.err.println("emulator stopped (pid " + emulator.pid() + ")");
            }
        }, "emrflow-emulator-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("emrflow emulator ready at ")) {
                    String endpoint = line.substring("emrflow emulator ready at ".length()).trim();
                    System.out.println("emulator ready at " + endpoint + " (pid " + emulator.pid() + "); in another terminal:");
                    System.out.println("  export AWS_ENDPOINT_URL=" + endpoint + " AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test");
                    System.out.println("  ./jbang deploy.java && ./jbang run.java && ./jbang results.java");
                    System.out.println("Ctrl-C stops it (everything it holds is in memory and goes with it).");
                } else {
                    System.out.println(line);
                }
                System.out.flush();
            }
        }
        int code = emulator.waitFor();
        return code == 0 ? 0 : code == 2 ? UserError.BAD_INPUT : UserError.ENVIRONMENT;
    }

    private static String python(Project project) {
        String configured = System.getenv("EMRFLOW_PYTHON");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (Path venv : List.of(project.root().resolve(".venv/bin/python"))) {
            if (Files.isExecutable(venv)) {
                return venv.toString();
            }
        }
        return "python3";
    }

    /** This JVM (which has Spark on its classpath) running the local job, as the emulator's job runner. */
    public static String jobRunner(Project project) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String opens = String.join(" ",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED");
        return java + " -Xmx2g " + opens + " -cp " + System.getProperty("java.class.path")
                + " " + JobRunnerCommand.class.getName() + " --project " + project.root();
    }
}

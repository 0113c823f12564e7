package io.github.emrflow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * moto's server with emrflow's extension (scripts/emulator), started on a free loopback port for
 * a test class and stopped by its process id. Where moto is missing the test fails with one line
 * saying so: never a silent skip (.ci/run installs it when it can).
 */
public final class Emulator implements AutoCloseable {
    private final Process process;
    private final String endpoint;
    private final StringBuilder log = new StringBuilder();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Emulator(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static Emulator start(String... extraArgs) {
        Path launcher = TestProjects.repo().resolve("scripts/emulator/emrflow_emulator.py");
        List<String> cmd = new ArrayList<>(List.of(python(), launcher.toString(), "--port", "0"));
        cmd.addAll(List.of(extraArgs));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                StringBuilder seen = new StringBuilder();
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("emrflow emulator ready at ")) {
                            return line.substring("emrflow emulator ready at ".length()).trim();
                        }
                        seen.append(line).append('\n');
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                throw new IllegalStateException("the emulator exited before it was ready:\n" + seen);
            });
            String endpoint;
            try {
                endpoint = ready.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                throw new IllegalStateException("emulator did not start (" + String.join(" ", cmd) + "): "
                        + (e.getCause() != null ? e.getCause().getMessage() : e) + "\n"
                        + "moto with its server extras is needed: run .ci/run (it installs it) or `pip install 'moto[server]==5.2.1'`", e);
            }
            Emulator emulator = new Emulator(p, endpoint);
            Thread drain = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        synchronized (emulator.log) {
                            emulator.log.append(line).append('\n');
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "emulator-log");
            drain.setDaemon(true);
            drain.start();
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd.get(0) + ": is python3 installed?", e);
        }
    }

    /** The project's venv python when .ci/run made one, else EMRFLOW_PYTHON, else python3. */
    static String python() {
        String configured = System.getenv("EMRFLOW_PYTHON");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Path venv = TestProjects.repo().resolve(".venv/bin/python");
        return Files.isExecutable(venv) ? venv.toString() : "python3";
    }

    public String endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    public String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    /** POST /emrflow-api/faults with a JSON fault (see scripts/emulator/README.md). */
    public void fault(String json) {
        api("POST", "/emrflow-api/faults", json);
    }

    /** A bucket owned by another account (the emulator's foreign-bucket endpoint). */
    public void foreignBucket(String name) {
        api("POST", "/emrflow-api/foreign-bucket", "{\"bucket\": \"" + name + "\"}");
    }

    /** Starts what the schedule would start now, as EventBridge Scheduler does (the emulator's fire-schedule endpoint); returns its JSON. */
    public String fireSchedule(String name, String group) {
        return api("POST", "/emrflow-api/fire-schedule", "{\"name\": \"" + name + "\", \"group\": \"" + group + "\"}");
    }

    /** The failure alerts the emulator delivered to SNS topics, as JSON. */
    public String alerts() {
        return api("GET", "/emrflow-api/alerts", null);
    }

    public void reset() {
        api("POST", "/emrflow-api/reset", "{}");
    }

    /** The EMR Serverless calls the emulator saw, as JSON. */
    public String calls() {
        return api("GET", "/emrflow-api/calls", null);
    }

    /** Every Spark UI link (GetDashboardForJobRun) issued so far expires now. */
    public void expireSparkUiLinks() {
        api("POST", "/emrflow-api/dashboards/expire", "{}");
    }

    /** Every ended job run ended {@code days} earlier (for "too old for a Spark UI"). */
    public void ageJobRuns(int days) {
        api("POST", "/emrflow-api/job-runs/age", "{\"days\": " + days + "}");
    }

    /** The HTTP status a GET of {@code url} gets (a Spark UI link: 200 fresh, 403 expired). */
    public int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String api(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(Duration.ofSeconds(30));
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

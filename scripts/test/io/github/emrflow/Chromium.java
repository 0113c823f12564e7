package io.github.emrflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Debian's headless chromium driven over the DevTools protocol, just enough for the report tests:
 * open a page, collect its console errors, exceptions and network requests, evaluate script, take
 * a screenshot, print to PDF. One WebSocket to the browser, page commands on a flat session. Every wait has a
 * timeout; {@link #close} ends the browser by its process id (and its own child processes).
 */
public final class Chromium implements AutoCloseable {
    private static final long TIMEOUT_S = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();

    /** The chromium executable on the PATH, if there is one. */
    public static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "chromium");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Starts a headless browser with a throw-away profile; it prints its DevTools address on stderr. */
    public static Chromium start(Path executable) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("emrflow-chromium");
        // --no-sandbox: tests may run as root; the rest keep the browser from calling home while it runs.
        Process process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            // Reads stderr to its end, so that the browser never blocks on a full pipe.
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    int at = line.indexOf("ws://");
                    if (line.startsWith("DevTools listening on") && at >= 0) {
                        address.complete(line.substring(at).strip());
                    }
                }
            } catch (IOException ignored) {
                // the browser ended
            }
            address.completeExceptionally(new IOException("chromium exited without a DevTools address"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Chromium(process, profile, address.get(TIMEOUT_S, TimeUnit.SECONDS));
        } catch (Exception e) {
            stop(process, profile);
            throw new IOException("chromium did not start: " + e, e);
        }
    }

    private Chromium(Process process, Path profile, String address) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(address), new Listener())
                .get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** A page opened on {@code url}, with console, log and network events recorded from before it loads. */
    public Page open(String url) throws Exception {
        String target = send(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
        String session = send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).path("sessionId").asText();
        Page page = new Page(session);
        for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
            send(session, domain + ".enable", Map.of());
        }
        send(session, "Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", 1000, "deviceScaleFactor", 1, "mobile", false));
        int before = eventCount();
        send(session, "Page.navigate", Map.of("url", url));
        await(before, e -> "Page.loadEventFired".equals(e.path("method").asText()) && session.equals(e.path("sessionId").asText()));
        return page;
    }

    /** One page: its session's events, and commands on it. */
    public final class Page {
        private final String session;

        private Page(String session) {
            this.session = session;
        }

        /** Console errors, uncaught exceptions and error log entries, as text. */
        public List<String> errors() {
            List<String> found = new ArrayList<>();
            for (JsonNode e : events(session)) {
                String method = e.path("method").asText();
                JsonNode p = e.path("params");
                if (method.equals("Runtime.exceptionThrown")) {
                    found.add("exception: " + p.path("exceptionDetails").path("exception").path("description").asText(p.toString()));
                } else if (method.equals("Runtime.consoleAPICalled") && List.of("error", "assert").contains(p.path("type").asText())) {
                    found.add("console." + p.path("type").asText() + ": " + p.path("args"));
                } else if (method.equals("Log.entryAdded") && p.path("entry").path("level").asText().equals("error")) {
                    found.add("log: " + p.path("entry").path("text").asText());
                }
            }
            return found;
        }

        /** The URL of every request the page made, its own document included. */
        public List<String> requests() {
            return events(session).stream().filter(e -> e.path("method").asText().equals("Network.requestWillBeSent"))
                    .map(e -> e.path("params").path("request").path("url").asText()).toList();
        }

        /** The value of a JavaScript expression (returned by value). */
        public JsonNode evaluate(String expression) throws Exception {
            JsonNode result = send(session, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
            if (result.has("exceptionDetails")) {
                throw new AssertionError("script failed: " + result.path("exceptionDetails"));
            }
            return result.path("result").path("value");
        }

        /**
         * The page printed to PDF as a browser prints it: with its print CSS, on the paper size its
         * {@code @page} rule asks for.
         */
        public void pdf(Path file) throws Exception {
            String data = send(session, "Page.printToPDF", Map.of("preferCSSPageSize", true, "printBackground", true)).path("data").asText();
            Files.write(file, Base64.getDecoder().decode(data));
        }

        /** A PNG of the whole page, 1280 CSS pixels wide and as tall as its content. */
        public void screenshotFullPage(Path file) throws Exception {
            double height = send(session, "Page.getLayoutMetrics", Map.of()).path("cssContentSize").path("height").asDouble();
            String data = send(session, "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", 1280, "height", Math.ceil(height), "scale", 1))).path("data").asText();
            Files.write(file, Base64.getDecoder().decode(data));
        }

        /** A PNG of the viewport (1280 x 1000 CSS pixels). */
        public void screenshot(Path file) throws Exception {
            String data = send(session, "Page.captureScreenshot", Map.of("format", "png")).path("data").asText();
            Files.write(file, Base64.getDecoder().decode(data));
        }
    }

    private JsonNode send(String session, String method, Map<String, Object> params) throws Exception {
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT_S, TimeUnit.SECONDS);
        JsonNode answer = reply.get(TIMEOUT_S, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IOException(method + ": " + answer.path("error"));
        }
        return answer.path("result");
    }

    private synchronized int eventCount() {
        return events.size();
    }

    private synchronized List<JsonNode> events(String session) {
        return events.stream().filter(e -> session.equals(e.path("sessionId").asText())).toList();
    }

    /** Waits for an event after the first {@code from} that matches. */
    private synchronized void await(int from, Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (events.subList(from, events.size()).stream().noneMatch(wanted)) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("no matching DevTools event in " + TIMEOUT_S + " s");
            }
            wait(left);
        }
    }

    private synchronized void event(JsonNode message) {
        events.add(message);
        notifyAll();
    }

    /** Collects a message's fragments; a reply completes its command, anything else is an event. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> reply = pending.remove(message.path("id").asLong());
                        if (reply != null) {
                            reply.complete(message);
                        }
                    } else {
                        event(message);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    text.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        socket.abort();
        stop(process, profile);
    }

    /** Ends the browser we started, by its process id and those of its children, then removes its profile. */
    private static void stop(Process process, Path profile) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            TestProjects.deleteTree(profile);
        } catch (IOException ignored) {
            // chromium may still be writing its profile as it ends; a temp folder left behind is harmless
        }
    }
}

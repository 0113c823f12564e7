package io.github.emrflow.results;

import io.github.emrflow.UserError;
import io.github.emrflow.job.OutputColumn;
import io.github.emrflow.render.JsonDocuments;
import io.github.emrflow.run.RunId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Local runs under PROJECT/runs/RUN_ID/output, the same layout as in S3. A run is written to a
 * hidden staging folder and renamed into place only when it succeeded, so a failed run can never
 * be the "latest" one that results.java prints.
 */
public final class LocalRuns {
    private final Path runsDir;

    public LocalRuns(Path runsDir) {
        this.runsDir = runsDir;
    }

    /** A fresh staging folder for a run; its output goes to {@code staging/output}. */
    public Path stage(String runId) {
        try {
            Files.createDirectories(runsDir);
            Path staging = runsDir.resolve(".staging-" + runId);
            deleteTree(staging);
            Files.createDirectories(staging);
            return staging;
        } catch (IOException e) {
            throw UserError.badInput("cannot create run folder under " + runsDir + ": " + e.getMessage());
        }
    }

    /** Publishes a staged run as runs/RUN_ID. */
    public Path commit(String runId, Path staging) {
        Path target = runsDir.resolve(runId);
        try {
            return Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish run " + runId, e);
        }
    }

    /** Forgets a failed run entirely. */
    public void discard(Path staging) {
        try {
            deleteTree(staging);
        } catch (IOException e) {
            // A leftover hidden staging folder is harmless: it is never listed as a run.
        }
    }

    public Optional<String> latest() {
        return ids().stream().max(Comparator.naturalOrder());
    }

    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(runsDir)) {
            return ids;
        }
        try (Stream<Path> entries = Files.list(runsDir)) {
            entries.filter(p -> RunId.isValid(p.getFileName().toString()))
                    .filter(p -> Files.isDirectory(p.resolve("output")))
                    .forEach(p -> ids.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    public Path outputOf(String runId) {
        return runsDir.resolve(runId).resolve("output");
    }

    public void writeRecord(Path staging, RunRecord record) {
        try {
            JsonDocuments.mapper().writeValue(staging.resolve(RunRecord.FILE_NAME).toFile(), record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RunRecord record(String runId) {
        Path file = runsDir.resolve(runId).resolve(RunRecord.FILE_NAME);
        try {
            return JsonDocuments.mapper().readValue(file.toFile(), RunRecord.class);
        } catch (IOException e) {
            throw UserError.badInput("run " + runId + " has no readable run.json (" + e.getMessage() + ")");
        }
    }

    /** The table of a run: its part files, ignoring markers (_SUCCESS) and checksums (.crc). */
    public ResultTable table(String runId, List<OutputColumn> columns) {
        Path output = outputOf(runId);
        if (!Files.isDirectory(output)) {
            throw UserError.badInput("no local run '" + runId + "' in " + runsDir + "; runs: " + describeIds());
        }
        return ResultTable.fromParts(readParts(output), columns);
    }

    public static List<ResultTable.Part> readParts(Path outputDir) {
        List<ResultTable.Part> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(outputDir)) {
            for (Path file : files.sorted().toList()) {
                if (isPartFile(file.getFileName().toString())) {
                    parts.add(new ResultTable.Part(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (parts.isEmpty()) {
            throw UserError.badInput("no part files in " + outputDir + ": the run wrote no output");
        }
        return parts;
    }

    /** Spark's data files are part-*; _SUCCESS, _temporary and .crc files are not data. */
    public static boolean isPartFile(String name) {
        return name.startsWith("part-") && !name.endsWith(".crc");
    }

    private String describeIds() {
        List<String> ids = ids();
        return ids.isEmpty() ? "none yet (run `./jbang run.java --local` first)" : String.join(", ", ids);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

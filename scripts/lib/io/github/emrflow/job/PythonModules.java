package io.github.emrflow.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The job's own Python packages: every folder directly in job/ that holds an {@code __init__.py}.
 * They travel as one zip (jobs/JOB_NAME.zip in the bucket, {@code --py-files} to Spark). The zip
 * is deterministic (entries sorted, one fixed timestamp, no caches), so its sha256 changes only
 * when a module does and deploy skips the upload otherwise.
 */
public record PythonModules(Path jobDir, List<String> packages) {
    /** 1980-01-01, the earliest time a zip entry can hold: any fixed value would do. */
    private static final long FIXED_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0)
            .atZone(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();

    public PythonModules {
        packages = List.copyOf(packages);
    }

    /** The packages in {@code jobDir}, by folder name in sorted order. */
    public static PythonModules in(Path jobDir) {
        List<String> found = new ArrayList<>();
        if (Files.isDirectory(jobDir)) {
            try (Stream<Path> entries = Files.list(jobDir)) {
                entries.filter(p -> Files.isRegularFile(p.resolve("__init__.py")))
                        .map(p -> p.getFileName().toString()).sorted().forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new PythonModules(jobDir, found);
    }

    public boolean isEmpty() {
        return packages.isEmpty();
    }

    /** The packages as a zip whose bytes depend on the files' paths and contents only. */
    public byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Path file : files()) {
                ZipEntry entry = new ZipEntry(jobDir.relativize(file).toString().replace('\\', '/'));
                entry.setTime(FIXED_TIME);
                zip.putNextEntry(entry);
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes {@link #zip()} to {@code file} (for local runs, which hand Spark a path). */
    public Path writeZip(Path file) {
        try {
            return Files.write(file, zip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file of every package, sorted by path, without bytecode caches (they differ per machine and Python). */
    List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (String name : packages) {
            try (Stream<Path> walk = Files.walk(jobDir.resolve(name))) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> !p.toString().contains("__pycache__") && !p.getFileName().toString().endsWith(".pyc"))
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        files.sort((a, b) -> jobDir.relativize(a).toString().replace('\\', '/').compareTo(jobDir.relativize(b).toString().replace('\\', '/')));
        return files;
    }
}

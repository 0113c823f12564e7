package io.github.emrflow;

import io.github.emrflow.config.Config;
import io.github.emrflow.config.Project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Builds throw-away emrflow projects from the repository's own templates and dataset. */
public final class TestProjects {
    private TestProjects() {
    }

    public static Path repo() {
        return Path.of(System.getProperty("emrflow.repo", "..")).toAbsolutePath().normalize();
    }

    public static Path templates() {
        return repo().resolve("templates");
    }

    public static Path dataset() {
        return repo().resolve("archetype/src/main/project").resolve(Project.DATA_FILE);
    }

    /** A project with the real templates and dataset and a minimal config plus {@code extraConfig} lines. */
    public static Project create(Path dir, String... extraConfig) {
        try {
            copyTree(templates(), dir.resolve("templates"));
            Files.createDirectories(dir.resolve("data"));
            Files.copy(dataset(), dir.resolve(Project.DATA_FILE));
            StringBuilder config = new StringBuilder("bucket=emrflow-test-bucket\nname.prefix=emrflow-test\n");
            for (String line : extraConfig) {
                config.append(line).append('\n');
            }
            Files.writeString(dir.resolve(Config.FILE_NAME), config);
            return Project.at(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}

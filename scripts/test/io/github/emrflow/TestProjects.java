package io.github.emrflow;

import io.github.emrflow.config.Config;
import io.github.emrflow.config.Project;

import io.github.emrflow.job.JobDefinition;
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

    /** The sample a new project starts with, and the second sample (an archetype property picks one). */
    public static final String SALARY_JOB = "salary-by-title";
    public static final String EXPERIENCE_JOB = "salary-by-experience";
    /** Where both samples read their input, relative to the project. */
    public static final String DATA_FILE = "data/ds_salaries.csv";

    public static Path templates() {
        return repo().resolve("templates");
    }

    /** A sample job's definition folder (job.json, schema.ddl, query.sql) in the repository. */
    public static Path sampleJob(String name) {
        return templates().resolve("jobs").resolve(name);
    }

    public static Path dataset() {
        return repo().resolve("archetype/src/main/project").resolve(DATA_FILE);
    }

    /** A project with the real templates, the salary job and dataset, and a minimal config plus {@code extraConfig} lines. */
    public static Project create(Path dir, String... extraConfig) {
        return withJob(dir, SALARY_JOB, extraConfig);
    }

    /** A project like a generated one with the sample job {@code job}. */
    public static Project withJob(Path dir, String job, String... extraConfig) {
        try {
            copyTree(templates(), dir.resolve("templates"));
            deleteTree(dir.resolve("templates/jobs"));
            copyTree(sampleJob(job), dir.resolve(JobDefinition.FOLDER));
            Files.createDirectories(dir.resolve("data"));
            Files.copy(dataset(), dir.resolve(DATA_FILE));
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

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
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

package io.github.emrflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine knows no particular job: nothing under scripts/lib, the scripts a project is given,
 * the emulator, or the deployed templates names the salary sample. A job lives in job/ alone
 * (templates/jobs/ holds the samples), so a second job needs no Java.
 */
class EngineIsJobAgnosticTest {
    private static final List<String> SAMPLE_NAMES = List.of("salar", "job_title", "runsalaryjob", "experience_level");

    private static List<Path> engineFiles() throws IOException {
        Path repo = TestProjects.repo();
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(repo.resolve("scripts/lib"), repo.resolve("scripts/emulator/emrflow_moto"))) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("__pycache__")).forEach(files::add);
            }
        }
        try (Stream<Path> top = Files.list(repo.resolve("scripts"))) {
            top.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
        try (Stream<Path> templates = Files.list(repo.resolve("templates"))) {
            templates.filter(Files::isRegularFile).forEach(files::add);
        }
        files.add(repo.resolve("scripts/emulator/emrflow_emulator.py"));
        return files;
    }

    @Test
    void noEngineFileNamesTheSampleJobs() throws IOException {
        List<Path> files = engineFiles();
        assertThat(files).hasSizeGreaterThan(40);
        List<String> hits = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).toLowerCase(Locale.ROOT);
                for (String name : SAMPLE_NAMES) {
                    if (line.contains(name)) {
                        hits.add(TestProjects.repo().relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(hits).as("sample-specific names in engine files").isEmpty();
    }

    @Test
    void theSamplesAreJobFilesOnly() throws IOException {
        for (String sample : List.of(TestProjects.SALARY_JOB, TestProjects.EXPERIENCE_JOB)) {
            try (Stream<Path> files = Files.list(TestProjects.sampleJob(sample))) {
                assertThat(files.map(p -> p.getFileName().toString()).toList()).as(sample)
                        .containsExactlyInAnyOrder("job.json", "schema.ddl", "query.sql");
            }
        }
    }
}

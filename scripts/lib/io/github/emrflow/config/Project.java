package io.github.emrflow.config;

import io.github.emrflow.UserError;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated emrflow project on disk: its config, templates, bundled data and local runs.
 * Scripts find it from --project or the current folder.
 */
public record Project(Path root) {
    public static final String DATA_FILE = "data/ds_salaries.csv";

    public Project {
        root = root.toAbsolutePath().normalize();
    }

    /** The project at {@code dir}, checked to have a config file and a templates folder. */
    public static Project at(Path dir) {
        Project project = new Project(dir);
        if (!Files.isRegularFile(project.configFile())) {
            throw UserError.badInput("no " + Config.FILE_NAME + " in " + project.root
                    + ": run from a generated emrflow project or pass --project DIR");
        }
        if (!Files.isDirectory(project.templatesDir())) {
            throw UserError.badInput("no templates/ folder in " + project.root + ": the project is incomplete, regenerate it");
        }
        return project;
    }

    public Path configFile() { return root.resolve(Config.FILE_NAME); }

    public Path templatesDir() { return root.resolve("templates"); }

    public Path dataFile() { return root.resolve(DATA_FILE); }

    /** Local runs live under runs/RUN_ID/output, mirroring the S3 layout. */
    public Path runsDir() { return root.resolve("runs"); }

    public Config config() { return Config.load(configFile()); }
}

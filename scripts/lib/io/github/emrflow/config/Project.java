package io.github.emrflow.config;

import io.github.emrflow.UserError;

import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.JobDefinitionLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated emrflow project on disk: its config, templates, job definition, data and local runs.
 * Scripts find it from --project or the current folder.
 */
public record Project(Path root, Environment environment) {

    public Project {
        root = root.toAbsolutePath().normalize();
    }

    public Project(Path root) {
        this(root, null);
    }

    /** The project at {@code dir}, checked to have a config file and a templates folder. */
    public static Project at(Path dir) {
        return at(dir, null);
    }

    /**
     * The project at {@code dir} in {@code environment} (null for none), checked to have its config
     * file, the environment's file and a templates folder.
     */
    public static Project at(Path dir, Environment environment) {
        Project project = new Project(dir, environment);
        if (!Files.isRegularFile(project.configFile())) {
            throw UserError.badInput("no " + Config.FILE_NAME + " in " + project.root
                    + ": run from a generated emrflow project or pass --project DIR");
        }
        if (!Files.isDirectory(project.templatesDir())) {
            throw UserError.badInput("no templates/ folder in " + project.root + ": the project is incomplete, regenerate it");
        }
        if (environment != null && !Files.isRegularFile(project.root.resolve(environment.fileName()))) {
            throw UserError.badInput("environment '" + environment.name() + "' has no " + environment.fileName() + " in " + project.root
                    + ": create it (it must set its own 'bucket') or drop --env");
        }
        return project;
    }

    public Path configFile() { return root.resolve(Config.FILE_NAME); }

    public Path templatesDir() { return root.resolve("templates"); }

    public Path jobDir() { return root.resolve(JobDefinition.FOLDER); }

    /** The job's definition from job/, checked whole. */
    public JobDefinition job() { return JobDefinitionLoader.load(jobDir()); }

    /** The job's input file (job.json's input.file, relative to the project). */
    public Path inputFile(JobDefinition job) { return root.resolve(job.inputFile()).normalize(); }

    /**
     * Local runs live under runs/RUN_ID/output, mirroring the S3 layout; an environment's under
     * runs/ENV/, so results --local --env dev never shows prod's numbers.
     */
    public Path runsDir() {
        return environment == null ? root.resolve("runs") : root.resolve("runs").resolve(environment.name());
    }

    /** The config (emrflow.properties, then the environment's file over it), its job.NAME keys checked against the job definition. */
    public Config config() { return Config.load(configFile(), environment, job()); }
}

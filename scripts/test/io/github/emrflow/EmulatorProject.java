package io.github.emrflow;

import io.github.emrflow.config.Project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A throw-away project pointed at an emulator: credentials for it and the common flags. */
public final class EmulatorProject {
    private EmulatorProject() {
    }

    /** Fake credentials the emulator accepts; real AWS never sees them (the endpoint is loopback). */
    public static void useEmulatorCredentials() {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    /** --project DIR --endpoint-url URL, then the extra arguments. */
    public static String[] args(Project project, Emulator emulator, String... extra) {
        List<String> all = new ArrayList<>(List.of("--project", project.root().toString(), "--endpoint-url", emulator.endpoint()));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    public static Path path(Project project, String relative) {
        return project.root().resolve(relative);
    }
}

package io.github.emrflow;

import io.github.emrflow.config.Project;
import io.github.emrflow.emulator.OfflineEmulator;

/**
 * The emulator's job runner command for tests: the same command emulator.java hands the emulator
 * (the project's local runner, on this JVM's classpath) for a test project.
 */
public final class JobRunner {
    private JobRunner() {
    }

    public static String command(Project project) {
        return OfflineEmulator.jobRunner(project);
    }
}

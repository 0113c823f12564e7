package io.github.emrflow;

import io.github.emrflow.config.Project;
import io.github.emrflow.emulator.OfflineEmulator;

/**
 * The emulator's job runner command for tests: the same command emulator.java hands the emulator
 * (the project's local runner on embedded Spark, on this JVM's classpath), for the repository's
 * templates.
 */
public final class JobRunner {
    private JobRunner() {
    }

    public static String command() {
        return OfflineEmulator.jobRunner(new Project(TestProjects.repo()));
    }
}

package io.github.emrflow;

import java.nio.file.Path;

/**
 * The emulator's job runner command for tests: the project's own local runner (embedded Spark,
 * the same schema and SQL as the PySpark job) on this test JVM's classpath.
 */
public final class JobRunner {
    private JobRunner() {
    }

    public static String command() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String opens = String.join(" ",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED");
        return java + " -Xmx1g " + opens + " -cp " + System.getProperty("java.class.path")
                + " io.github.emrflow.local.LocalJob --templates " + TestProjects.templates();
    }
}

package io.github.emrflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The moto extension's own Python tests (scripts/emulator/test_emulator.py), run as part of the build. */
class EmulatorSelfTest {
    @Test
    void theEmulatorsPythonTestsPass() throws Exception {
        Process p = new ProcessBuilder(Emulator.python(), "-m", "unittest", "-q", "test_emulator")
                .directory(TestProjects.repo().resolve("scripts/emulator").toFile())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("Ran \\d+ tests").contains("OK");
    }
}

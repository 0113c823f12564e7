package io.github.emrflow;

import io.github.emrflow.config.Config;
import io.github.emrflow.run.CostModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CostModelTest {
    private static Config config(String... pairs) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("bucket", "b-123", "name.prefix", "p"));
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Config.of(m, "t");
    }

    @Test
    void theTutorialsDefaultsBillTheFigureAwsReported() {
        assertThat(CostModel.TUTORIAL_DEFAULTS.vcpuHours(1)).isCloseTo(0.267, within(0.001));
    }

    @Test
    void emrflowsDefaultsBillAtMostOneFifthOfTheTutorials() {
        CostModel ours = CostModel.of(config());
        assertThat(ours.describe()).isEqualTo("2 workers x 1 vCPU / 2 GB / 20 GB disk");
        for (double minutes : new double[] {0.2, 1, 3}) {
            assertThat(ours.vcpuHours(minutes) / CostModel.TUTORIAL_DEFAULTS.vcpuHours(minutes)).isLessThanOrEqualTo(0.2);
            assertThat(ours.usd(minutes) / CostModel.TUTORIAL_DEFAULTS.usd(minutes)).isLessThanOrEqualTo(0.2);
        }
    }

    @Test
    void dynamicAllocationIsBoundedByTheMaximumCapacity() {
        CostModel dynamic = CostModel.of(config("dynamic.allocation", "true", "max.capacity.vcpu", "8"));
        assertThat(dynamic.workers()).isEqualTo(8);
        assertThat(dynamic.storageGbHours(1)).isZero();
        assertThat(CostModel.of(config("worker.disk.gb", "50")).storageGbHours(60)).isEqualTo(60.0);
    }
}

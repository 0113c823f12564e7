package io.github.emrflow;

import io.github.emrflow.config.Config;
import io.github.emrflow.config.Setting;
import io.github.emrflow.render.TemplateModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bucket", "my-bucket-123");
        m.put("name.prefix", "demo");
        return m;
    }

    @Test
    void everyOptionalKeyHasAValidDefault() {
        Config config = Config.of(minimal(), "test");
        for (Setting s : Setting.values()) {
            if (!s.required()) {
                assertThat(config.get(s)).as(s.key()).isEqualTo(s.defaultValue());
            }
        }
        assertThat(config.salaryColumn()).isEqualTo("salary_in_usd");
        assertThat(config.tags()).containsEntry("emrflow:project", "demo");
    }

    @Test
    void unknownKeyIsNamedWithTheKnownOnes() {
        Map<String, String> m = minimal();
        m.put("buckets", "x");
        assertThatThrownBy(() -> Config.of(m, "emrflow.properties"))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("emrflow.properties: unknown key 'buckets'; known keys: bucket, region");
    }

    @Test
    void missingRequiredKeyIsNamed() {
        Map<String, String> m = minimal();
        m.remove("bucket");
        assertThatThrownBy(() -> Config.of(m, "emrflow.properties"))
                .hasMessageStartingWith("emrflow.properties: 'bucket' is required");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bucket|Bad_Bucket|'bucket' is 'Bad_Bucket'; allowed: a valid S3 bucket name",
        "bucket|192.168.1.1|'bucket' is '192.168.1.1'",
        "region|moon-1|'region' is 'moon-1'; allowed: an AWS region code",
        "name.prefix|9lives|'name.prefix' is '9lives'",
        "emr.release.label|emr-5.36.0|'emr.release.label' is 'emr-5.36.0'",
        "emr.release.label|emr-6.11.0|'emr.release.label' is 'emr-6.11.0'; allowed: emr-7.x.y or emr-6.12.0 and later",
        "driver.cores|3|'driver.cores' is '3'; allowed: 1, 2, 4, 8 or 16",
        "driver.memory.gb|9|'driver.memory.gb' is 9 but a 1-vCPU worker takes 2-8 GB",
        "executor.instances|0|'executor.instances' is '0'",
        "salary.column|salary_in_eur|'salary.column' is 'salary_in_eur'; allowed: salary_in_usd or salary",
        "title.filter|Data (|'title.filter' is 'Data ('; allowed: empty or a valid regular expression",
        "tags|team|'tags' is 'team'",
        "tags|aws:x=1|'tags' is 'aws:x=1'",
        "dynamic.allocation|yes|'dynamic.allocation' is 'yes'; allowed: true or false",
        "job.timeout.minutes|0|'job.timeout.minutes' is '0'",
        "max.capacity.vcpu|1|'max.capacity.vcpu' is 1 but the driver and one executor need 2 vCPU",
    })
    void badValuesGetOneLineNamingKeyValueAndWhatIsAllowed(String key, String value, String expected) {
        Map<String, String> m = minimal();
        m.put(key, value);
        assertThatThrownBy(() -> Config.of(m, "emrflow.properties"))
                .isInstanceOf(UserError.class)
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(2))
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void tagsAreParsedAfterTheProjectTag() {
        Map<String, String> m = minimal();
        m.put("tags", "team=data, cost-center=42");
        assertThat(Config.of(m, "t").tags()).containsExactly(
                Map.entry("emrflow:project", "demo"), Map.entry("team", "data"), Map.entry("cost-center", "42"));
    }

    @Test
    void sparkSettingsKeepEachWorkerAtItsConfiguredSize() {
        Config config = Config.of(minimal(), "t");
        String params = TemplateModel.sparkSubmitParameters(config);
        assertThat(params).contains("--conf spark.driver.cores=1", "--conf spark.executor.cores=1",
                "--conf spark.executor.instances=1", "--conf spark.dynamicAllocation.enabled=false",
                "--conf spark.emr-serverless.driver.disk=20g");
        // 2 GB worker: heap + max(384 MB, 10%) overhead must stay within 2048 MB.
        assertThat(TemplateModel.sparkHeap(2)).isEqualTo("1664m");
        assertThat(TemplateModel.sparkHeap(16)).isEqualTo("14894m");
    }
}

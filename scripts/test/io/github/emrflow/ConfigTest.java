package io.github.emrflow;

import io.github.emrflow.config.Config;
import io.github.emrflow.config.Setting;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.JobDefinitionLoader;
import io.github.emrflow.render.TemplateModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {
    private static final JobDefinition SALARY_JOB = JobDefinitionLoader.load(TestProjects.sampleJob(TestProjects.SALARY_JOB));
    private static final JobDefinition EXPERIENCE_JOB = JobDefinitionLoader.load(TestProjects.sampleJob(TestProjects.EXPERIENCE_JOB));

    private static Map<String, String> minimal() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bucket", "my-bucket-123");
        m.put("name.prefix", "demo");
        return m;
    }

    @Test
    void everyOptionalKeyHasAValidDefault() {
        Config config = Config.of(minimal(), "test", SALARY_JOB);
        for (Setting s : Setting.values()) {
            if (!s.required()) {
                assertThat(config.get(s)).as(s.key()).isEqualTo(s.defaultValue());
            }
        }
        assertThat(config.parameters().values()).containsExactly(Map.entry("salary_column", "salary_in_usd"), Map.entry("title_filter", ""));
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
        "emr.release.label|emr-6.11.0|'emr.release.label' is 'emr-6.11.0'; allowed: emr-7.x.y",
        "emr.release.label|emr-6.15.0|'emr.release.label' is 'emr-6.15.0'; allowed: emr-7.x.y (Spark 3.5",
        "driver.cores|3|'driver.cores' is '3'; allowed: 1, 2, 4, 8 or 16",
        "driver.memory.gb|9|'driver.memory.gb' is 9 but a 1-vCPU worker takes 2-8 GB",
        "executor.instances|0|'executor.instances' is '0'",
        "job.salary_column|salary_in_eur|parameter 'salary_column' is 'salary_in_eur'; allowed: salary_in_usd, salary",
        "job.title_filter|Data (|parameter 'title_filter' is 'Data ('; allowed: a valid regular expression",
        "job.salary_colum|salary|'salary_colum' is not a parameter of job 'salary-by-title'; its parameters: salary_column, title_filter",
        "tags|team|'tags' is 'team'",
        "tags|aws:x=1|'tags' is 'aws:x=1'",
        "tags|emrflow:project=other|'tags' is 'emrflow:project=other'; allowed: key=value[,key=value...] with keys of 1-128 and values of 0-256 characters, not starting with aws: or emrflow:",
        "dynamic.allocation|yes|'dynamic.allocation' is 'yes'; allowed: true or false",
        "job.timeout.minutes|0|'job.timeout.minutes' is '0'",
        "max.capacity.vcpu|1|'max.capacity.vcpu' is 1 but the driver and one executor need 2 vCPU",
    })
    void badValuesGetOneLineNamingKeyValueAndWhatIsAllowed(String key, String value, String expected) {
        Map<String, String> m = minimal();
        m.put(key, value);
        assertThatThrownBy(() -> Config.of(m, "emrflow.properties", SALARY_JOB))
                .isInstanceOf(UserError.class)
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(2))
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void jobKeysSetParameterDefaultsAndRunOverridesAreCheckedTheSameWay() {
        Map<String, String> m = minimal();
        m.put("job.work_year", "2022");
        Config config = Config.of(m, "emrflow.properties", EXPERIENCE_JOB);
        assertThat(config.parameters().typed()).containsExactly(Map.entry("work_year", 2022L));
        assertThat(config.withParameters(Map.of("work_year", "2021"), "--param").parameters().arguments())
                .containsExactly("--param", "work_year=2021");
        assertThatThrownBy(() -> config.withParameters(Map.of("work_year", "1999"), "--param"))
                .isInstanceOf(UserError.class)
                .hasMessage("--param: parameter 'work_year' is '1999'; allowed: a whole number from 2020 to 2023");
        assertThatThrownBy(() -> config.withParameters(Map.of("year", "2021"), "--param"))
                .hasMessage("--param: 'year' is not a parameter of job 'salary-by-experience'; its parameters: work_year");
        m.put("job.work_year", "twenty");
        assertThatThrownBy(() -> Config.of(m, "emrflow.properties", EXPERIENCE_JOB))
                .hasMessage("emrflow.properties: parameter 'work_year' is 'twenty'; allowed: a whole number from 2020 to 2023");
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
        String params = TemplateModel.sparkSubmitParametersOf(config);
        assertThat(params).contains("--conf spark.driver.cores=1", "--conf spark.executor.cores=1",
                "--conf spark.executor.instances=1", "--conf spark.dynamicAllocation.enabled=false",
                "--conf spark.emr-serverless.driver.disk=20g");
        // 2 GB worker: heap + max(384 MB, 10%) overhead must stay within 2048 MB.
        assertThat(TemplateModel.sparkHeap(2)).isEqualTo("1664m");
        assertThat(TemplateModel.sparkHeap(16)).isEqualTo("14894m");
    }

    @Test
    void initialCapacityIsDriverAndExecutorCountsEitherMayBeLeftOut() {
        assertThat(io.github.emrflow.config.InitialCapacity.parse("")).isEqualTo(io.github.emrflow.config.InitialCapacity.NONE);
        assertThat(io.github.emrflow.config.InitialCapacity.parse("driver=1, executor=3"))
                .isEqualTo(new io.github.emrflow.config.InitialCapacity(1, 3));
        assertThat(io.github.emrflow.config.InitialCapacity.parse("executor=2")).isEqualTo(new io.github.emrflow.config.InitialCapacity(0, 2));
        for (String bad : new String[] {"driver", "driver=1,driver=2", "driver=101", "executor=1001", "driver=-1", "workers=2", "driver=1,"}) {
            assertThat(io.github.emrflow.config.InitialCapacity.parse(bad)).as(bad).isNull();
        }
    }

    @Test
    void jobConcurrencyStartsAtEmr730() {
        assertThat(io.github.emrflow.config.ReleaseLabel.of("emr-7.3.0").supportsJobConcurrency()).isTrue();
        assertThat(io.github.emrflow.config.ReleaseLabel.of("emr-7.10.0").supportsJobConcurrency()).isTrue();
        assertThat(io.github.emrflow.config.ReleaseLabel.of("emr-7.2.9").supportsJobConcurrency()).isFalse();
        // With the defaults an old release is fine: no concurrency settings are sent.
        Map<String, String> shared = minimal();
        shared.put("application.mode", "shared");
        shared.put("emr.release.label", "emr-7.1.0");
        assertThat(Config.of(shared, "test").releaseLabel().supportsJobConcurrency()).isFalse();
    }
}

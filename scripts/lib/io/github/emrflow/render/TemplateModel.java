package io.github.emrflow.render;

import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.ApplicationMode;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Setting;

import io.github.emrflow.aws.Arns;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the templates may reference, built in one place from the config and the target
 * account. A template naming anything else fails to render with its file and line.
 */
public record TemplateModel(
        String prefix,
        String bucket,
        String region,
        String partition,
        String accountId,
        String releaseLabel,
        int maxCpu,
        int maxMemoryGb,
        int maxDiskGb,
        int autoStopIdleMinutes,
        int jobTimeoutMinutes,
        int jobMaxAttempts,
        boolean keepApplication,
        boolean logsCloudwatch,
        String jobLogGroup,
        String jobLogGroupArn,
        String jobLogStreamsArn,
        Map<String, String> tags,
        String jobName,
        String jobTable,
        String jobSchema,
        String jobSql,
        String jobParametersJson,
        String jobOutputColumnsJson,
        String jobUdfsJson,
        String sparkSubmitParameters,
        String jobScriptKey,
        String inputKey,
        String jobRoleArn,
        String stateMachineRoleArn,
        String stateMachineArn,
        boolean sharedApplication,
        String sharedApplicationId,
        String sharedApplicationArn,
        int queueTimeoutMinutes,
        String scheduleGroupArn,
        String alertRuleArn,
        String alertTopicArn) {

    /** The account used when rendering without AWS (validation, tests, dry documentation). */
    public static final String PLACEHOLDER_ACCOUNT = "123456789012";

    /**
     * Stands for the shared application's id before deploy has created it (a dry run, the lints,
     * the diagrams): deploy renders again with the real id once the application exists.
     */
    public static final String PLACEHOLDER_APPLICATION_ID = "0000000000000000";

    public static TemplateModel of(Config config, String accountId, String partition) {
        return of(config, accountId, partition, PLACEHOLDER_APPLICATION_ID);
    }

    /** As {@link #of(Config, String, String)}, naming the shared application deploy created (ignored per run). */
    public static TemplateModel of(Config config, String accountId, String partition, String sharedApplicationId) {
        ResourceNames names = new ResourceNames(config.prefix());
        Arns arns = new Arns(partition, config.region(), accountId);
        JobDefinition job = config.job();
        boolean shared = config.applicationMode() == ApplicationMode.SHARED;
        return new TemplateModel(
                config.prefix(),
                config.bucket(),
                config.region(),
                partition,
                accountId,
                config.get(Setting.RELEASE_LABEL),
                config.integer(Setting.MAX_CPU),
                config.integer(Setting.MAX_MEMORY_GB),
                config.integer(Setting.MAX_DISK_GB),
                config.integer(Setting.AUTO_STOP_IDLE_MINUTES),
                config.integer(Setting.JOB_TIMEOUT_MINUTES),
                config.integer(Setting.JOB_MAX_ATTEMPTS),
                config.flag(Setting.KEEP_APPLICATION),
                config.flag(Setting.LOGS_CLOUDWATCH),
                names.jobLogGroup(),
                arns.logGroup(names.jobLogGroup()),
                arns.logStreams(names.jobLogGroup()),
                config.tags(),
                job.name(),
                job.table(),
                job.schema(),
                job.sql(),
                JsonDocuments.compact(parametersForScript(job)),
                JsonDocuments.compact(job.outputNames()),
                JsonDocuments.compact(udfsForScript(job)),
                sparkSubmitParametersOf(config) + pyFiles(config),
                ResourceNames.jobScriptKey(job),
                ResourceNames.inputKey(job),
                arns.role(names.jobRole()),
                arns.role(names.stateMachineRole()),
                arns.stateMachine(names.stateMachine()),
                shared,
                sharedApplicationId,
                arns.application(sharedApplicationId),
                // Runs wait in the queue only where the release has one; the timeouts must cover that wait.
                shared && config.releaseLabel().supportsJobConcurrency() ? config.integer(Setting.APPLICATION_QUEUE_TIMEOUT_MINUTES) : 0,
                arns.scheduleGroup(names.scheduleGroup()),
                arns.eventRule(names.alertRule()),
                alertTopicArn(config, arns, names));
    }

    /**
     * The topic failure alerts go to: notify.sns.topic, else the one deploy creates. With alerts off
     * the alert documents still render (every template is validated on every deploy) but are not deployed.
     */
    static String alertTopicArn(Config config, Arns arns, ResourceNames names) {
        String given = config.get(Setting.NOTIFY_SNS_TOPIC);
        return given.isEmpty() ? arns.topic(names.alertTopic()) : given;
    }

    /**
     * The job's own Python packages reach the driver and executors as --py-files: the zip deploy
     * uploads beside the script. Empty when the job has none.
     */
    static String pyFiles(Config config) {
        JobDefinition job = config.job();
        return job.modules().isEmpty() ? "" : " --py-files s3://" + config.bucket() + "/" + ResourceNames.jobModulesKey(job);
    }

    /** The UDF declarations as the PySpark script registers them: name, module, function, Spark return type. */
    static List<Map<String, Object>> udfsForScript(JobDefinition job) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (var udf : job.udfs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", udf.name());
            m.put("module", udf.module());
            m.put("function", udf.function());
            m.put("returnType", udf.returnType().ddl());
            list.add(m);
        }
        return list;
    }

    /** The parameter declarations as the PySpark script checks and binds them (plain JSON, no nulls to template). */
    static List<Map<String, Object>> parametersForScript(JobDefinition job) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Parameter p : job.parameters()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("type", p.type().name().toLowerCase(Locale.ROOT));
            m.put("default", p.defaultValue());
            m.put("allowed", p.allowed());
            m.put("pattern", p.pattern() == null ? null : p.pattern().pattern());
            m.put("minimum", p.minimum());
            m.put("maximum", p.maximum());
            m.put("allowedText", p.allowedText());
            list.add(m);
        }
        return list;
    }

    /**
     * Worker sizes as Spark settings. EMR Serverless sizes each worker from these, so the small
     * defaults (1 vCPU / 2 GB) are what the job is billed for, not the 4 vCPU / 16 GB defaults.
     * Memory is given less Spark's overhead so the worker stays at the configured size.
     */
    public static String sparkSubmitParametersOf(Config c) {
        String disk = c.get(Setting.WORKER_DISK_GB) + "g";
        return String.join(" ",
                conf("spark.driver.cores", c.get(Setting.DRIVER_CORES)),
                conf("spark.driver.memory", sparkHeap(c.integer(Setting.DRIVER_MEMORY_GB))),
                conf("spark.executor.cores", c.get(Setting.EXECUTOR_CORES)),
                conf("spark.executor.memory", sparkHeap(c.integer(Setting.EXECUTOR_MEMORY_GB))),
                conf("spark.executor.instances", c.get(Setting.EXECUTOR_INSTANCES)),
                conf("spark.dynamicAllocation.enabled", c.get(Setting.DYNAMIC_ALLOCATION)),
                conf("spark.emr-serverless.driver.disk", disk),
                conf("spark.emr-serverless.executor.disk", disk));
    }

    /** Spark adds max(384 MB, 10%) overhead to the heap; keep heap + overhead within the worker. */
    public static String sparkHeap(int workerGb) {
        long workerMb = workerGb * 1024L;
        long heapMb = Math.min(workerMb - 384, (long) Math.floor(workerMb / 1.1));
        return heapMb + "m";
    }

    private static String conf(String key, String value) {
        return "--conf " + key + "=" + value;
    }
}

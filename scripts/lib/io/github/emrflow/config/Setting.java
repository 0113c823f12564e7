package io.github.emrflow.config;

import java.util.List;
import java.util.function.Function;

/**
 * Every key of emrflow.properties: its default, what it allows and what it means. This enum is the
 * configuration reference: docs/configuration.md is checked against it by a test. The job's own
 * parameters are the other keys, {@code job.NAME}, declared in job/job.json.
 */
public enum Setting {
    BUCKET("bucket", null, "S3 bucket for input, job, run output and logs (created by deploy).",
            "a valid S3 bucket name (3-63 chars: lowercase letters, digits, '-' and '.')",
            v -> Names.isValidBucket(v)),
    REGION("region", "us-east-1", "AWS region everything is deployed to; the scripts' --region flag overrides it.",
            "an AWS region code such as us-east-1 or eu-west-3",
            v -> Names.isValidRegion(v)),
    NAME_PREFIX("name.prefix", null, "Prefix of every resource name (roles, state machine, applications) and the emrflow:project tag.",
            "1-32 chars: letters, digits and '-', starting with a letter",
            v -> v.matches("[A-Za-z][A-Za-z0-9-]{0,31}")),
    RELEASE_LABEL("emr.release.label", "emr-7.9.0", "EMR release of the application (7.x ships Spark 3.5).",
            "emr-7.x.y (Spark 3.5, whose SQL binds the job's typed named parameters), e.g. emr-7.9.0",
            v -> v.matches("emr-7\\.\\d{1,2}\\.\\d{1,2}")),
    DRIVER_CORES("driver.cores", "1", "vCPUs of the Spark driver worker.", "1, 2, 4, 8 or 16",
            Setting::isWorkerCores),
    DRIVER_MEMORY_GB("driver.memory.gb", "2", "Memory (GB) of the Spark driver worker.",
            "a whole number of GB the EMR Serverless worker size allows for the cores (1 vCPU: 2-8, 2: 4-16, 4: 8-30, 8: 16-60, 16: 32-120)",
            v -> isWholeNumber(v, 2, 120)),
    EXECUTOR_CORES("executor.cores", "1", "vCPUs of each Spark executor worker.", "1, 2, 4, 8 or 16",
            Setting::isWorkerCores),
    EXECUTOR_MEMORY_GB("executor.memory.gb", "2", "Memory (GB) of each Spark executor worker.",
            "a whole number of GB the EMR Serverless worker size allows for the cores (1 vCPU: 2-8, 2: 4-16, 4: 8-30, 8: 16-60, 16: 32-120)",
            v -> isWholeNumber(v, 2, 120)),
    EXECUTOR_INSTANCES("executor.instances", "1", "Number of executors (the initial number when dynamic allocation is on).",
            "a whole number from 1 to 1000", v -> isWholeNumber(v, 1, 1000)),
    DYNAMIC_ALLOCATION("dynamic.allocation", "false", "Let Spark add executors up to the maximum capacity.",
            "true or false", Setting::isBoolean),
    WORKER_DISK_GB("worker.disk.gb", "20", "Ephemeral disk (GB) of every worker; 20 is the smallest and the free tier.",
            "a whole number from 20 to 200", v -> isWholeNumber(v, 20, 200)),
    MAX_CPU("max.capacity.vcpu", "4", "Maximum vCPUs the application may use at once: the cost ceiling.",
            "a whole number from 1 to 4000", v -> isWholeNumber(v, 1, 4000)),
    MAX_MEMORY_GB("max.capacity.memory.gb", "8", "Maximum memory (GB) the application may use at once.",
            "a whole number from 2 to 24000", v -> isWholeNumber(v, 2, 24000)),
    MAX_DISK_GB("max.capacity.disk.gb", "80", "Maximum disk (GB) the application may use at once.",
            "a whole number from 20 to 200000", v -> isWholeNumber(v, 20, 200000)),
    AUTO_STOP_IDLE_MINUTES("auto.stop.idle.minutes", "1", "Minutes of idleness after which EMR Serverless stops the application by itself.",
            "a whole number from 1 to 10080", v -> isWholeNumber(v, 1, 10080)),
    JOB_TIMEOUT_MINUTES("job.timeout.minutes", "30", "Execution timeout of the job run (EMR's default is 720).",
            "a whole number from 1 to 1440", v -> isWholeNumber(v, 1, 1440)),
    JOB_MAX_ATTEMPTS("job.max.attempts", "1",
            "Attempts EMR Serverless makes at the job run before it fails (its retry policy; above 1 needs emr-7.1.0 or later).",
            "a whole number from 1 to 10", v -> isWholeNumber(v, 1, 10)),
    KEEP_APPLICATION("keep.application", "false", "Keep the (stopped) application after a successful run instead of deleting it.",
            "true or false", Setting::isBoolean),
    APPLICATION_MODE("application.mode", "per-run",
            "per-run: each run creates, starts, stops and deletes its own application; shared: deploy creates one application every run uses.",
            "per-run or shared", v -> v.equals("per-run") || v.equals("shared")),
    APPLICATION_INITIAL_CAPACITY("application.initial.capacity", "",
            "Pre-initialised workers of the shared application (sized like driver.* and executor.*), billed while it is started; empty for none.",
            "empty, or driver=N,executor=M with N from 0 to 100 and M from 0 to 1000, e.g. driver=1,executor=1",
            v -> InitialCapacity.parse(v) != null),
    APPLICATION_MAX_CONCURRENT_RUNS("application.max.concurrent.runs", "15",
            "Job runs the shared application runs at once; more wait QUEUED (emr-7.3.0 and later).",
            "a whole number from 1 to 1000", v -> isWholeNumber(v, 1, 1000)),
    APPLICATION_QUEUE_TIMEOUT_MINUTES("application.queue.timeout.minutes", "360",
            "Minutes a job run may wait QUEUED on the shared application before it fails (emr-7.3.0 and later).",
            "a whole number from 15 to 720", v -> isWholeNumber(v, 15, 720)),
    TAGS("tags", "", "Extra tags for every resource, as key=value pairs separated by commas.",
            "key=value[,key=value...] with keys of 1-128 and values of 0-256 characters, not starting with aws: or emrflow:",
            Setting::isTagList),
    LOGS_CLOUDWATCH("logs.cloudwatch", "false",
            "Also send the job's logs to CloudWatch Logs, to a log group deploy creates (/emrflow/PREFIX/jobs).",
            "true or false", Setting::isBoolean),
    LOGS_RETENTION_DAYS("logs.retention.days", "30",
            "Days CloudWatch Logs keeps the job's logs (with logs.cloudwatch=true).",
            "one of the retention periods CloudWatch Logs allows: " + LogRetention.ALLOWED_TEXT,
            LogRetention::allows),
    IAM_PERMISSIONS_BOUNDARY("iam.permissions.boundary", "",
            "Managed policy deploy sets as the permissions boundary of the three roles (see docs/iam.md); empty sets none.",
            "empty, or an IAM managed policy ARN such as arn:aws:iam::123456789012:policy/emrflow-boundary",
            Setting::isPolicyArnOrEmpty),
    NOTIFY_SNS_TOPIC("notify.sns.topic", "",
            "SNS topic (in the project's region) that gets one message per failed, timed-out or aborted run; deploy adds an EventBridge rule publishing to it. Empty: no alerts (unless notify.email).",
            "empty, or an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:alerts",
            v -> v.isEmpty() || v.matches("arn:aws(-[a-z]+)*:sns:[a-z]{2}(-[a-z]+)+-\\d:\\d{12}:[A-Za-z0-9_-]{1,256}")),
    NOTIFY_EMAIL("notify.email", "",
            "Address deploy subscribes to a topic it creates (PREFIX-alerts) for the same alerts; AWS mails a confirmation link first. Empty: none.",
            "empty, or one e-mail address such as team@example.com",
            v -> v.isEmpty() || v.matches("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+"));

    private final String key;
    private final String defaultValue;
    private final String description;
    private final String allowed;
    private final Function<String, Boolean> validator;

    Setting(String key, String defaultValue, String description, String allowed, Function<String, Boolean> validator) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.allowed = allowed;
        this.validator = validator;
    }

    public String key() { return key; }

    /** The default, or null when the key is required. */
    public String defaultValue() { return defaultValue; }

    public String description() { return description; }

    public String allowed() { return allowed; }

    public boolean required() { return defaultValue == null; }

    public boolean accepts(String value) { return validator.apply(value); }

    public static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    private static boolean isWorkerCores(String v) {
        return List.of("1", "2", "4", "8", "16").contains(v);
    }

    private static boolean isBoolean(String v) {
        return v.equals("true") || v.equals("false");
    }

    static boolean isWholeNumber(String v, long min, long max) {
        if (!v.matches("\\d{1,9}")) {
            return false;
        }
        long n = Long.parseLong(v);
        return n >= min && n <= max;
    }

    /**
     * The shape IAM accepts for PermissionsBoundary (arn:PARTITION:iam::ACCOUNT:policy/PATH/NAME),
     * checked here so a typo stops deploy before any role is touched rather than halfway through.
     */
    static boolean isPolicyArnOrEmpty(String v) {
        return v.isEmpty() || v.matches("arn:aws(-[a-z]+)*:iam::(\\d{12}|aws):policy/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}");
    }

    private static boolean isTagList(String v) {
        if (v.isEmpty()) {
            return true;
        }
        for (String pair : v.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                return false;
            }
            String k = pair.substring(0, eq).trim();
            String val = pair.substring(eq + 1).trim();
            if (k.isEmpty() || k.length() > 128 || val.length() > 256 || k.startsWith("aws:") || k.startsWith("emrflow:")
                    || !k.matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+") || !val.matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*")) {
                return false;
            }
        }
        return true;
    }
}

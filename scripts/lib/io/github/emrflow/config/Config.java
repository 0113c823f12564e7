package io.github.emrflow.config;

import io.github.emrflow.UserError;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.JobParameters;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The validated contents of emrflow.properties. Loading fails with one line naming the key, the
 * value and what is allowed; after that every value is known to be good. Keys are the
 * {@link Setting}s plus {@code job.NAME} for each parameter the job declares (its default for runs).
 */
public final class Config {
    public static final String FILE_NAME = "emrflow.properties";
    /** Keys that set a job parameter's value: job.NAME. */
    public static final String JOB_PREFIX = "job.";

    private final Map<Setting, String> values;
    private final JobDefinition job;
    private final JobParameters parameters;

    private Config(Map<Setting, String> values, JobDefinition job, JobParameters parameters) {
        this.values = values;
        this.job = job;
        this.parameters = parameters;
    }

    /** Loads {@code emrflow.properties}; {@code job.NAME} keys are checked against {@code job}'s parameters. */
    public static Config load(Path file, JobDefinition job) {
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(reader);
        } catch (NoSuchFileException e) {
            throw UserError.badInput("config file " + file + " not found: run from the project folder or pass --project DIR");
        } catch (IOException | IllegalArgumentException e) {
            throw UserError.badInput("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (String key : new TreeSet<>(raw.stringPropertyNames())) {
            given.put(key, raw.getProperty(key).trim());
        }
        return of(given, file.getFileName().toString(), job);
    }

    /** Validates settings alone, for a project without a job definition (no job.NAME keys allowed). */
    public static Config of(Map<String, String> given, String source) {
        return of(given, source, null);
    }

    /** Validates a map of key to value (missing keys take their defaults). */
    public static Config of(Map<String, String> given, String source, JobDefinition job) {
        Map<String, String> jobValues = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String key = e.getKey();
            if (Setting.byKey(key) != null) {
                continue;
            }
            if (key.startsWith(JOB_PREFIX) && job != null) {
                jobValues.put(key.substring(JOB_PREFIX.length()), e.getValue());
            } else {
                throw UserError.badInput(source + ": unknown key '" + key + "'; known keys: " + knownKeys()
                        + (job == null ? "" : ", and job.NAME for the job's parameters (" + job.parameterNames() + ")"));
            }
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String value = given.get(s.key());
            if (value == null || (value.isEmpty() && s.required())) {
                if (s.required()) {
                    throw UserError.badInput(source + ": '" + s.key() + "' is required: set it to " + s.allowed());
                }
                value = s.defaultValue();
            }
            if (!s.accepts(value)) {
                throw UserError.badInput(source + ": '" + s.key() + "' is '" + value + "'; allowed: " + s.allowed());
            }
            values.put(s, value);
        }
        JobParameters parameters = job == null ? null : JobParameters.defaults(job).with(jobValues, source);
        Config config = new Config(values, job, parameters);
        config.checkWorkerMemory(Setting.DRIVER_CORES, Setting.DRIVER_MEMORY_GB, source);
        config.checkWorkerMemory(Setting.EXECUTOR_CORES, Setting.EXECUTOR_MEMORY_GB, source);
        if (config.integer(Setting.MAX_CPU) < config.integer(Setting.DRIVER_CORES) + config.integer(Setting.EXECUTOR_CORES)) {
            throw UserError.badInput(source + ": '" + Setting.MAX_CPU.key() + "' is " + config.get(Setting.MAX_CPU)
                    + " but the driver and one executor need " + (config.integer(Setting.DRIVER_CORES) + config.integer(Setting.EXECUTOR_CORES))
                    + " vCPU: raise it or shrink the workers");
        }
        config.checkAlerts(source);
        return config;
    }

    /**
     * One alert destination, in the project's region: an EventBridge rule can only target a topic
     * in its own region without a cross-region bus, which emrflow does not set up.
     */
    private void checkAlerts(String source) {
        String topic = get(Setting.NOTIFY_SNS_TOPIC);
        if (!topic.isEmpty() && !get(Setting.NOTIFY_EMAIL).isEmpty()) {
            throw UserError.badInput(source + ": set either '" + Setting.NOTIFY_SNS_TOPIC.key() + "' or '" + Setting.NOTIFY_EMAIL.key()
                    + "', not both (subscribe the address to your topic instead)");
        }
        if (!topic.isEmpty()) {
            String topicRegion = topic.split(":")[3];
            if (!topicRegion.equals(region())) {
                throw UserError.badInput(source + ": '" + Setting.NOTIFY_SNS_TOPIC.key() + "' is a topic in " + topicRegion
                        + " but the project deploys to " + region() + ": use a topic in " + region());
            }
        }
    }

    /** EMR Serverless allows, per vCPU count, memory from 2 GB/vCPU up to a ceiling. */
    private void checkWorkerMemory(Setting cores, Setting memory, String source) {
        int c = integer(cores);
        int gb = integer(memory);
        int min = 2 * c;
        int max = switch (c) {
            case 1 -> 8;
            case 2 -> 16;
            case 4 -> 30;
            case 8 -> 60;
            default -> 120;
        };
        if (gb < min || gb > max) {
            throw UserError.badInput(source + ": '" + memory.key() + "' is " + gb + " but a " + c
                    + "-vCPU worker takes " + min + "-" + max + " GB");
        }
    }

    private static String knownKeys() {
        StringBuilder sb = new StringBuilder();
        for (Setting s : Setting.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(s.key());
        }
        return sb.toString();
    }

    public String get(Setting s) {
        return values.get(s);
    }

    public int integer(Setting s) {
        return Integer.parseInt(values.get(s));
    }

    public boolean flag(Setting s) {
        return Boolean.parseBoolean(values.get(s));
    }

    /** A copy with some values replaced (for command-line overrides), validated again. */
    public Config with(Map<Setting, String> overrides, String source) {
        Map<String, String> merged = new LinkedHashMap<>();
        values.forEach((k, v) -> merged.put(k.key(), v));
        overrides.forEach((k, v) -> merged.put(k.key(), v));
        if (parameters != null) {
            parameters.values().forEach((k, v) -> merged.put(JOB_PREFIX + k, v));
        }
        return of(merged, source, job);
    }

    /** A copy whose job parameters take {@code overrides} (name to value, from --param), each checked. */
    public Config withParameters(Map<String, String> overrides, String source) {
        return new Config(values, job, parameters().with(overrides, source));
    }

    /** The job this config was checked against. */
    public JobDefinition job() {
        if (job == null) {
            throw new IllegalStateException("config loaded without a job definition");
        }
        return job;
    }

    /** The job parameters' values: job.json's defaults, then job.NAME keys, then any overrides. */
    public JobParameters parameters() {
        job();
        return parameters;
    }

    public String bucket() { return get(Setting.BUCKET); }

    public String region() { return get(Setting.REGION); }

    public String prefix() { return get(Setting.NAME_PREFIX); }

    /** The permissions boundary ARN both roles get, or empty for none. */
    public String permissionsBoundary() { return get(Setting.IAM_PERMISSIONS_BOUNDARY); }

    /** The tags every resource gets: the project tag first, then the configured ones. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("emrflow:project", prefix());
        String list = get(Setting.TAGS);
        if (!list.isEmpty()) {
            for (String pair : list.split(",")) {
                int eq = pair.indexOf('=');
                tags.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return tags;
    }
}

package io.github.emrflow.config;

import io.github.emrflow.UserError;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.job.JobDefinition;
import io.github.emrflow.job.JobParameters;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The validated contents of emrflow.properties. Loading fails with one line naming the key, the
 * value and what is allowed; after that every value is known to be good. Keys are the
 * {@link Setting}s plus {@code job.NAME} for each parameter the job declares (its default for runs).
 */
public final class Config {
    public static final String FILE_NAME = "emrflow.properties";
    /** Keys that set a job parameter's value: job.NAME. */
    public static final String JOB_PREFIX = "job.";
    /** The longest resource prefix (name.prefix, or name.prefix-ENV): what name.prefix itself allows. */
    private static final int MAX_PREFIX = 32;

    private final Map<Setting, String> values;
    private final JobDefinition job;
    private final JobParameters parameters;
    private final Environment environment;

    private Config(Map<Setting, String> values, JobDefinition job, JobParameters parameters, Environment environment) {
        this.values = values;
        this.job = job;
        this.parameters = parameters;
        this.environment = environment;
    }

    /** Loads {@code emrflow.properties}; {@code job.NAME} keys are checked against {@code job}'s parameters. */
    public static Config load(Path file, JobDefinition job) {
        return load(file, null, job);
    }

    /**
     * Loads {@code emrflow.properties} and, for an environment, {@code emrflow.ENV.properties} beside
     * it over it. Every key is checked the same way wherever it comes from, and an error names the
     * file the bad value came from. An environment must name its own bucket: two environments
     * writing one bucket would read each other's runs and destroy --delete-data would empty both.
     */
    public static Config load(Path file, Environment environment, JobDefinition job) {
        ConfigFiles files = ConfigFiles.read(file, environment);
        return check(files.values(), files::sourceOf, job, environment);
    }

    /** Validates settings alone, for a project without a job definition (no job.NAME keys allowed). */
    public static Config of(Map<String, String> given, String source) {
        return of(given, source, null);
    }

    /** Validates a map of key to value (missing keys take their defaults). */
    public static Config of(Map<String, String> given, String source, JobDefinition job) {
        return check(given, k -> source, job, null);
    }

    /** {@code sourceOf}: the file (or flag) a key's value came from, for the error message. */
    private static Config check(Map<String, String> given, Function<String, String> sourceOf, JobDefinition job, Environment environment) {
        // Job values are applied per source, so a bad one is reported against the file that set it.
        Map<String, Map<String, String>> jobValues = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String key = e.getKey();
            if (Setting.byKey(key) != null) {
                continue;
            }
            if (key.startsWith(JOB_PREFIX) && job != null) {
                jobValues.computeIfAbsent(sourceOf.apply(key), s -> new LinkedHashMap<>())
                        .put(key.substring(JOB_PREFIX.length()), e.getValue());
            } else {
                throw UserError.badInput(sourceOf.apply(key) + ": unknown key '" + key + "'; known keys: " + knownKeys()
                        + (job == null ? "" : ", and job.NAME for the job's parameters (" + job.parameterNames() + ")"));
            }
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String source = sourceOf.apply(s.key());
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
        JobParameters parameters = job == null ? null : JobParameters.defaults(job);
        for (Map.Entry<String, Map<String, String>> bySource : jobValues.entrySet()) {
            parameters = parameters.with(bySource.getValue(), bySource.getKey());
        }
        Config config = new Config(values, job, parameters, environment);
        config.checkWorkerMemory(Setting.DRIVER_CORES, Setting.DRIVER_MEMORY_GB, sourceOf.apply(Setting.DRIVER_MEMORY_GB.key()));
        config.checkWorkerMemory(Setting.EXECUTOR_CORES, Setting.EXECUTOR_MEMORY_GB, sourceOf.apply(Setting.EXECUTOR_MEMORY_GB.key()));
        if (config.integer(Setting.MAX_CPU) < config.integer(Setting.DRIVER_CORES) + config.integer(Setting.EXECUTOR_CORES)) {
            throw UserError.badInput(sourceOf.apply(Setting.MAX_CPU.key()) + ": '" + Setting.MAX_CPU.key() + "' is " + config.get(Setting.MAX_CPU)
                    + " but the driver and one executor need " + (config.integer(Setting.DRIVER_CORES) + config.integer(Setting.EXECUTOR_CORES))
                    + " vCPU: raise it or shrink the workers");
        }
        config.checkRetriesSupported(sourceOf.apply(Setting.JOB_MAX_ATTEMPTS.key()));
        if (environment != null && config.prefix().length() > MAX_PREFIX) {
            throw UserError.badInput(sourceOf.apply(Setting.NAME_PREFIX.key()) + ": 'name.prefix' '" + config.get(Setting.NAME_PREFIX)
                    + "' with environment '" + environment.name() + "' makes '" + config.prefix() + "', longer than " + MAX_PREFIX
                    + " characters (the longest resource names must stay within AWS limits): shorten the prefix or the environment name");
        }
        ApplicationSettings.check(config, sourceOf);
        AlertSettings.check(config, sourceOf);
        return config;
    }

    /** A retry policy on an older release is refused by StartJobRun only when a run starts: say so at load. */
    private void checkRetriesSupported(String source) {
        ReleaseLabel release = ReleaseLabel.of(get(Setting.RELEASE_LABEL));
        if (integer(Setting.JOB_MAX_ATTEMPTS) > 1 && release.isBefore(ReleaseLabel.FIRST_WITH_RETRIES)) {
            throw UserError.badInput(source + ": '" + Setting.JOB_MAX_ATTEMPTS.key() + "' is " + get(Setting.JOB_MAX_ATTEMPTS)
                    + " but " + release + " has no job retries (EMR Serverless retries job runs from " + ReleaseLabel.FIRST_WITH_RETRIES
                    + "): set emr.release.label to " + ReleaseLabel.FIRST_WITH_RETRIES + " or later, or job.max.attempts to 1");
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
        return check(merged, k -> source, job, environment);
    }

    /** A copy whose job parameters take {@code overrides} (name to value, from --param), each checked. */
    public Config withParameters(Map<String, String> overrides, String source) {
        return new Config(values, job, parameters().with(overrides, source), environment);
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

    public ApplicationMode applicationMode() { return ApplicationMode.of(get(Setting.APPLICATION_MODE)); }

    public InitialCapacity initialCapacity() { return InitialCapacity.parse(get(Setting.APPLICATION_INITIAL_CAPACITY)); }

    public ReleaseLabel releaseLabel() { return ReleaseLabel.of(get(Setting.RELEASE_LABEL)); }

    public String bucket() { return get(Setting.BUCKET); }

    public String region() { return get(Setting.REGION); }

    /**
     * The prefix of every resource name and the value of the project tag: name.prefix, or
     * name.prefix-ENV in an environment, so dev and prod never share a name.
     */
    public String prefix() {
        return environment == null ? get(Setting.NAME_PREFIX) : get(Setting.NAME_PREFIX) + "-" + environment.name();
    }

    /** The environment (--env), or empty for the project's plain deployment. */
    public Optional<Environment> environment() { return Optional.ofNullable(environment); }

    /**
     * True when a resource's tags say it is this project's in this environment: the project tag
     * names our prefix, and the environment tag is ours (or absent when we have no environment).
     * Deploy changes and destroy removes only what this accepts.
     */
    public boolean owns(Map<String, String> tags) {
        return prefix().equals(tags.get(ResourceNames.PROJECT_TAG))
                && Objects.equals(environment == null ? null : environment.name(), tags.get(Environment.TAG));
    }

    /** How a refusal names what we looked for: "emrflow:project=P" plus the environment tag when there is one. */
    public String ownershipTags() {
        return ResourceNames.PROJECT_TAG + "=" + prefix() + (environment == null ? "" : " and " + Environment.TAG + "=" + environment.name());
    }

    /** The permissions boundary ARN both roles get, or empty for none. */
    public String permissionsBoundary() { return get(Setting.IAM_PERMISSIONS_BOUNDARY); }

    /** The tags every resource gets: the project tag first, then the configured ones. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(ResourceNames.PROJECT_TAG, prefix());
        if (environment != null) {
            tags.put(Environment.TAG, environment.name());
        }
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

package io.github.emrflow.config;

import io.github.emrflow.UserError;

import java.util.List;
import java.util.function.Function;

/** The rules across the application.* keys, checked once every key is valid on its own. */
final class ApplicationSettings {
    private ApplicationSettings() {
    }

    /**
     * The shared application's keys mean nothing for per-run applications, and job concurrency
     * exists only from emr-7.3.0 on: a value that would silently do nothing is refused instead.
     */
    static void check(Config config, Function<String, String> sourceOf) {
        boolean concurrencySet = !config.get(Setting.APPLICATION_MAX_CONCURRENT_RUNS).equals(Setting.APPLICATION_MAX_CONCURRENT_RUNS.defaultValue())
                || !config.get(Setting.APPLICATION_QUEUE_TIMEOUT_MINUTES).equals(Setting.APPLICATION_QUEUE_TIMEOUT_MINUTES.defaultValue());
        if (config.applicationMode() == ApplicationMode.PER_RUN) {
            for (Setting s : List.of(Setting.APPLICATION_INITIAL_CAPACITY, Setting.APPLICATION_MAX_CONCURRENT_RUNS, Setting.APPLICATION_QUEUE_TIMEOUT_MINUTES)) {
                if (!config.get(s).equals(s.defaultValue())) {
                    throw UserError.badInput(sourceOf.apply(s.key()) + ": '" + s.key() + "' applies to a shared application only: set '"
                            + Setting.APPLICATION_MODE.key() + "=shared' or remove it");
                }
            }
            return;
        }
        if (concurrencySet && !config.releaseLabel().supportsJobConcurrency()) {
            throw UserError.badInput(sourceOf.apply(Setting.RELEASE_LABEL.key()) + ": job concurrency ('" + Setting.APPLICATION_MAX_CONCURRENT_RUNS.key() + "', '"
                    + Setting.APPLICATION_QUEUE_TIMEOUT_MINUTES.key() + "') needs " + ReleaseLabel.JOB_CONCURRENCY + " or later, but '"
                    + Setting.RELEASE_LABEL.key() + "' is " + config.releaseLabel() + ": raise the release or remove them");
        }
        InitialCapacity initial = config.initialCapacity();
        int cpu = initial.drivers() * config.integer(Setting.DRIVER_CORES) + initial.executors() * config.integer(Setting.EXECUTOR_CORES);
        int memory = initial.drivers() * config.integer(Setting.DRIVER_MEMORY_GB) + initial.executors() * config.integer(Setting.EXECUTOR_MEMORY_GB);
        if (cpu > config.integer(Setting.MAX_CPU) || memory > config.integer(Setting.MAX_MEMORY_GB)) {
            throw UserError.badInput(sourceOf.apply(Setting.APPLICATION_INITIAL_CAPACITY.key()) + ": '" + Setting.APPLICATION_INITIAL_CAPACITY.key() + "' is " + config.get(Setting.APPLICATION_INITIAL_CAPACITY)
                    + ", " + cpu + " vCPU and " + memory + " GB, more than the maximum capacity (" + config.get(Setting.MAX_CPU) + " vCPU, "
                    + config.get(Setting.MAX_MEMORY_GB) + " GB): raise '" + Setting.MAX_CPU.key() + "'/'" + Setting.MAX_MEMORY_GB.key()
                    + "' or lower the workers");
        }
    }

}

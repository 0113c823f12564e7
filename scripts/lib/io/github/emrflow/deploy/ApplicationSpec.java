package io.github.emrflow.deploy;

import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.InitialCapacity;
import io.github.emrflow.config.Setting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.emrserverless.model.Application;
import software.amazon.awssdk.services.emrserverless.model.AutoStartConfig;
import software.amazon.awssdk.services.emrserverless.model.AutoStopConfig;
import software.amazon.awssdk.services.emrserverless.model.CreateApplicationRequest;
import software.amazon.awssdk.services.emrserverless.model.InitialCapacityConfig;
import software.amazon.awssdk.services.emrserverless.model.MaximumAllowedResources;
import software.amazon.awssdk.services.emrserverless.model.SchedulerConfiguration;
import software.amazon.awssdk.services.emrserverless.model.UpdateApplicationRequest;
import software.amazon.awssdk.services.emrserverless.model.WorkerResourceConfig;

/**
 * The shared application as the config wants it (application.mode=shared): release, maximum
 * capacity, auto-start on submission, auto-stop, pre-initialised workers and, where the release
 * has it, job concurrency. It compares itself with what exists and builds the create and update
 * requests, so what is compared is exactly what is written.
 */
record ApplicationSpec(String name, String releaseLabel, MaximumAllowedResources maximumCapacity, int autoStopIdleMinutes,
                       Map<String, InitialCapacityConfig> initialCapacity, SchedulerConfiguration scheduler, Map<String, String> tags) {
    /** The initialCapacity keys of the driver and the executors (as AWS's examples write them). */
    static final String DRIVER = "DRIVER";
    static final String EXECUTOR = "EXECUTOR";

    static ApplicationSpec of(Config config) {
        MaximumAllowedResources max = MaximumAllowedResources.builder()
                .cpu(config.get(Setting.MAX_CPU) + " vCPU")
                .memory(config.get(Setting.MAX_MEMORY_GB) + " GB")
                .disk(config.get(Setting.MAX_DISK_GB) + " GB").build();
        InitialCapacity initial = config.initialCapacity();
        Map<String, InitialCapacityConfig> capacity = new LinkedHashMap<>();
        String disk = config.get(Setting.WORKER_DISK_GB) + " GB";
        if (initial.drivers() > 0) {
            capacity.put(DRIVER, workers(initial.drivers(), config.get(Setting.DRIVER_CORES), config.get(Setting.DRIVER_MEMORY_GB), disk));
        }
        if (initial.executors() > 0) {
            capacity.put(EXECUTOR, workers(initial.executors(), config.get(Setting.EXECUTOR_CORES), config.get(Setting.EXECUTOR_MEMORY_GB), disk));
        }
        // Before emr-7.3.0 the service has no job concurrency: sending the settings would be refused.
        SchedulerConfiguration scheduler = config.releaseLabel().supportsJobConcurrency()
                ? SchedulerConfiguration.builder().maxConcurrentRuns(config.integer(Setting.APPLICATION_MAX_CONCURRENT_RUNS))
                        .queueTimeoutMinutes(config.integer(Setting.APPLICATION_QUEUE_TIMEOUT_MINUTES)).build()
                : null;
        return new ApplicationSpec(new ResourceNames(config.prefix()).sharedApplication(), config.get(Setting.RELEASE_LABEL), max,
                config.integer(Setting.AUTO_STOP_IDLE_MINUTES), capacity, scheduler, config.tags());
    }

    private static InitialCapacityConfig workers(int count, String cores, String memoryGb, String disk) {
        return InitialCapacityConfig.builder().workerCount((long) count).workerConfiguration(WorkerResourceConfig.builder()
                .cpu(cores + " vCPU").memory(memoryGb + " GB").disk(disk).build()).build();
    }

    /** What of the application's settings differs (tags apart: they are written with another call). */
    List<String> settingDifferences(Application current) {
        List<String> reasons = new ArrayList<>();
        if (!releaseLabel.equals(current.releaseLabel())) {
            reasons.add("release");
        }
        MaximumAllowedResources max = current.maximumCapacity();
        if (max == null || !same(max.cpu(), maximumCapacity.cpu()) || !same(max.memory(), maximumCapacity.memory())
                || !same(max.disk(), maximumCapacity.disk())) {
            reasons.add("maximum capacity");
        }
        AutoStopConfig stop = current.autoStopConfiguration();
        AutoStartConfig start = current.autoStartConfiguration();
        if (stop == null || !Boolean.TRUE.equals(stop.enabled()) || !Objects.equals(stop.idleTimeoutMinutes(), autoStopIdleMinutes)
                || start == null || !Boolean.TRUE.equals(start.enabled())) {
            reasons.add("auto-start/stop");
        }
        if (!sameCapacity(current.initialCapacity())) {
            reasons.add("initial capacity");
        }
        SchedulerConfiguration now = current.schedulerConfiguration();
        if (scheduler != null && (now == null || !Objects.equals(now.maxConcurrentRuns(), scheduler.maxConcurrentRuns())
                || !Objects.equals(now.queueTimeoutMinutes(), scheduler.queueTimeoutMinutes()))) {
            reasons.add("job concurrency");
        }
        return reasons;
    }

    private boolean sameCapacity(Map<String, InitialCapacityConfig> current) {
        Map<String, InitialCapacityConfig> now = current == null ? Map.of() : current;
        if (!now.keySet().equals(initialCapacity.keySet())) {
            return false;
        }
        for (var e : initialCapacity.entrySet()) {
            InitialCapacityConfig have = now.get(e.getKey());
            WorkerResourceConfig want = e.getValue().workerConfiguration();
            WorkerResourceConfig got = have.workerConfiguration();
            if (!Objects.equals(have.workerCount(), e.getValue().workerCount()) || got == null || !same(got.cpu(), want.cpu())
                    || !same(got.memory(), want.memory()) || !same(got.disk() == null ? "20 GB" : got.disk(), want.disk())) {
                return false;
            }
        }
        return true;
    }

    /** "4 vCPU", "4vCPU" and "4 vcpu" are one size: the service may write them either way. */
    private static boolean same(String a, String b) {
        return a != null && b != null && normal(a).equals(normal(b));
    }

    private static String normal(String size) {
        return size.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    CreateApplicationRequest createRequest() {
        return CreateApplicationRequest.builder().name(name).releaseLabel(releaseLabel).type("SPARK")
                .maximumCapacity(maximumCapacity).initialCapacity(initialCapacity)
                .autoStartConfiguration(b -> b.enabled(true))
                .autoStopConfiguration(b -> b.enabled(true).idleTimeoutMinutes(autoStopIdleMinutes))
                .schedulerConfiguration(scheduler).tags(tags).build();
    }

    /**
     * Every setting is sent, so the application ends up as configured whatever it was; an empty
     * initialCapacity map is sent explicitly to remove pre-initialised workers the config dropped.
     */
    UpdateApplicationRequest updateRequest(String applicationId) {
        return UpdateApplicationRequest.builder().applicationId(applicationId).releaseLabel(releaseLabel)
                .maximumCapacity(maximumCapacity).initialCapacity(initialCapacity)
                .autoStartConfiguration(b -> b.enabled(true))
                .autoStopConfiguration(b -> b.enabled(true).idleTimeoutMinutes(autoStopIdleMinutes))
                .schedulerConfiguration(scheduler).build();
    }
}

package io.github.emrflow.run;

import io.github.emrflow.config.Config;
import io.github.emrflow.config.Setting;

import java.util.Locale;

/**
 * The most a job configuration can bill for a run of a given length: every worker is billed for
 * its vCPUs and memory for at least one minute, and disk beyond the free 20 GB per worker.
 * Compared with the console tutorial's defaults (driver and 3 executors of 4 vCPU / 16 GB).
 */
public record CostModel(int workers, int vcpuPerWorker, int memoryGbPerWorker, int diskGbPerWorker) {
    public static final CostModel TUTORIAL_DEFAULTS = new CostModel(4, 4, 16, 20);

    /** Driver plus executors as configured (with dynamic allocation, up to the maximum capacity). */
    public static CostModel of(Config c) {
        int executors = c.integer(Setting.EXECUTOR_INSTANCES);
        if (c.flag(Setting.DYNAMIC_ALLOCATION)) {
            executors = Math.max(executors, (c.integer(Setting.MAX_CPU) - c.integer(Setting.DRIVER_CORES)) / c.integer(Setting.EXECUTOR_CORES));
        }
        // Driver and executors may differ; bill each as the larger, an upper bound.
        return new CostModel(1 + executors,
                Math.max(c.integer(Setting.DRIVER_CORES), c.integer(Setting.EXECUTOR_CORES)),
                Math.max(c.integer(Setting.DRIVER_MEMORY_GB), c.integer(Setting.EXECUTOR_MEMORY_GB)),
                c.integer(Setting.WORKER_DISK_GB));
    }

    public double vcpuHours(double minutes) {
        return workers * vcpuPerWorker * billed(minutes) / 60.0;
    }

    public double memoryGbHours(double minutes) {
        return workers * memoryGbPerWorker * billed(minutes) / 60.0;
    }

    public double storageGbHours(double minutes) {
        return workers * Math.max(0, diskGbPerWorker - 20) * billed(minutes) / 60.0;
    }

    public double usd(double minutes) {
        return vcpuHours(minutes) * RunReport.USD_PER_VCPU_HOUR + memoryGbHours(minutes) * RunReport.USD_PER_GB_HOUR
                + storageGbHours(minutes) * RunReport.USD_PER_STORAGE_GB_HOUR;
    }

    /**
     * What one worker of this size bills per hour it is held: pre-initialised workers of a shared
     * application are billed all the time it is started, jobs or no jobs.
     */
    public static double workerUsdPerHour(int vcpu, int memoryGb, int diskGb) {
        return vcpu * RunReport.USD_PER_VCPU_HOUR + memoryGb * RunReport.USD_PER_GB_HOUR
                + Math.max(0, diskGb - 20) * RunReport.USD_PER_STORAGE_GB_HOUR;
    }

    /** The idle cost per hour of application.initial.capacity (0 for none), the driver and executors at their sizes. */
    public static double initialCapacityUsdPerHour(Config c) {
        var initial = c.initialCapacity();
        int disk = c.integer(Setting.WORKER_DISK_GB);
        return initial.drivers() * workerUsdPerHour(c.integer(Setting.DRIVER_CORES), c.integer(Setting.DRIVER_MEMORY_GB), disk)
                + initial.executors() * workerUsdPerHour(c.integer(Setting.EXECUTOR_CORES), c.integer(Setting.EXECUTOR_MEMORY_GB), disk);
    }

    /** deploy's line about the initial capacity's idle cost, or null when there is none. */
    public static String initialCapacityLine(Config c) {
        var initial = c.initialCapacity();
        if (initial.isEmpty()) {
            return null;
        }
        double hourly = initialCapacityUsdPerHour(c);
        int idle = c.integer(Setting.AUTO_STOP_IDLE_MINUTES);
        return String.format(Locale.ROOT, "initial capacity: %d driver(s) + %d executor(s) pre-initialised cost $%.4f/h ($%.2f/day) "
                + "while the shared application is started, jobs or not; it stops after %d idle minute(s) ($%.4f per idle stretch)",
                initial.drivers(), initial.executors(), hourly, hourly * 24, idle, hourly * idle / 60.0);
    }

    private static double billed(double minutes) {
        return Math.max(1.0, minutes);
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d workers x %d vCPU / %d GB / %d GB disk", workers, vcpuPerWorker, memoryGbPerWorker, diskGbPerWorker);
    }
}

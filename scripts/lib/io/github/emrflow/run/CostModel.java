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

    private static double billed(double minutes) {
        return Math.max(1.0, minutes);
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d workers x %d vCPU / %d GB / %d GB disk", workers, vcpuPerWorker, memoryGbPerWorker, diskGbPerWorker);
    }
}

///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS io.github.emrflow:emrflow-bom:0.1.0-SNAPSHOT@pom
//DEPS io.github.emrflow:emrflow-core
//DEPS org.slf4j:slf4j-nop

import io.github.emrflow.config.Config;
import io.github.emrflow.run.CostModel;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark: the most the demo job can bill with emrflow's default worker sizes, beside the
 * console tutorial's defaults, for runs of 1, 2 and 5 minutes. Reproduce: ./jbang scripts/bench/cost.java
 */
public class cost {
    public static void main(String... args) {
        Config config = Config.of(Map.of("bucket", "cost-benchmark", "name.prefix", "bench"), "defaults");
        CostModel ours = CostModel.of(config);
        CostModel tutorial = CostModel.TUTORIAL_DEFAULTS;
        System.out.println("emrflow defaults: " + ours.describe() + "; tutorial: " + tutorial.describe());
        System.out.printf(Locale.ROOT, "%-9s %-16s %12s %12s %8s%n", "job time", "figure", "emrflow", "tutorial", "ratio");
        for (double minutes : new double[] {1, 2, 5}) {
            row(minutes, "vCPU-hours", ours.vcpuHours(minutes), tutorial.vcpuHours(minutes));
            row(minutes, "memory GB-hours", ours.memoryGbHours(minutes), tutorial.memoryGbHours(minutes));
            row(minutes, "USD (us-east-1)", ours.usd(minutes), tutorial.usd(minutes));
        }
        System.out.println("goal: ratio <= 0.200 (one fifth) on every line");
    }

    private static void row(double minutes, String figure, double ours, double tutorial) {
        System.out.printf(Locale.ROOT, "%-9s %-16s %12.4f %12.4f %8.3f%n", (int) minutes + " min", figure, ours, tutorial, ours / tutorial);
    }
}

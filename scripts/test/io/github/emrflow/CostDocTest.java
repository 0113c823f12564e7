package io.github.emrflow;

import io.github.emrflow.config.Config;
import io.github.emrflow.config.Setting;
import io.github.emrflow.run.CostModel;
import io.github.emrflow.run.RunReport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/cost.md and the README's cost paragraph quote CostModel: the worker shapes, the prices, the
 * 1/2/5-minute comparison (as scripts/bench/cost.java prints it) and the ceiling of a hung job.
 */
class CostDocTest {
    private static final CostModel OURS = CostModel.of(Config.of(Map.of("bucket", "cost-doc", "name.prefix", "doc"), "defaults"));
    private static final CostModel TUTORIAL = CostModel.TUTORIAL_DEFAULTS;
    /** EMR's default ExecutionTimeoutMinutes, which the tutorial keeps. */
    private static final int EMR_DEFAULT_TIMEOUT_MINUTES = 720;

    private static String doc() throws IOException {
        return Files.readString(TestProjects.repo().resolve("docs/cost.md"));
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).toPlainString();
    }

    private static String ratio(double ours, double tutorial) {
        return String.format(Locale.ROOT, "%.3f", ours / tutorial);
    }

    @Test
    void theComparisonTableIsCostModelsAtOneTwoAndFiveMinutes() throws IOException {
        List<List<String>> expected = new ArrayList<>();
        for (double minutes : new double[] {1, 2, 5}) {
            String time = (int) minutes + " min";
            expected.add(List.of(time, "vCPU-hours", f4(OURS.vcpuHours(minutes)), f4(TUTORIAL.vcpuHours(minutes)),
                    ratio(OURS.vcpuHours(minutes), TUTORIAL.vcpuHours(minutes))));
            expected.add(List.of(time, "memory GB-hours", f4(OURS.memoryGbHours(minutes)), f4(TUTORIAL.memoryGbHours(minutes)),
                    ratio(OURS.memoryGbHours(minutes), TUTORIAL.memoryGbHours(minutes))));
            expected.add(List.of(time, "USD (us-east-1)", f4(OURS.usd(minutes)), f4(TUTORIAL.usd(minutes)),
                    ratio(OURS.usd(minutes), TUTORIAL.usd(minutes))));
        }
        List<List<String>> documented = Markdown.tableRows(doc()).stream()
                .filter(r -> r.size() == 5 && r.get(0).matches("\\d+ min")).toList();
        assertThat(documented).containsExactlyElementsOf(expected);
    }

    @Test
    void theWorkedExampleQuotesTheModelsShapesPricesAndFigures() throws IOException {
        String doc = doc();
        assertThat(doc).contains(OURS.describe(), TUTORIAL.describe());
        assertThat(doc).contains("$" + plain(RunReport.USD_PER_VCPU_HOUR) + " per vCPU-hour", "$" + plain(RunReport.USD_PER_GB_HOUR) + " per",
                "$" + plain(RunReport.USD_PER_STORAGE_GB_HOUR) + " per GB-hour of storage");
        assertThat(doc).contains("2 workers × 1 vCPU × 1/60 h = " + f4(OURS.vcpuHours(1)),
                "2 workers × 2 GB × 1/60 h = " + f4(OURS.memoryGbHours(1)),
                "about $" + f4(OURS.usd(1)),
                "4 workers × 4 vCPU × 1/60 h = " + f4(TUTORIAL.vcpuHours(1)),
                "4 workers × 16 GB × 1/60 h = " + f4(TUTORIAL.memoryGbHours(1)),
                "about $" + f4(TUTORIAL.usd(1)));
        assertThat(OURS.storageGbHours(1)).isZero();
        assertThat(TUTORIAL.storageGbHours(1)).isZero();
    }

    @Test
    void theCeilingOfAHungJobIsTheModelAtEachTimeout() throws IOException {
        int ours = Integer.parseInt(Setting.JOB_TIMEOUT_MINUTES.defaultValue());
        List<List<String>> expected = List.of(
                List.of("vCPU-hours", f4(OURS.vcpuHours(ours)), f4(TUTORIAL.vcpuHours(EMR_DEFAULT_TIMEOUT_MINUTES))),
                List.of("memory GB-hours", f4(OURS.memoryGbHours(ours)), f4(TUTORIAL.memoryGbHours(EMR_DEFAULT_TIMEOUT_MINUTES))),
                List.of("USD (us-east-1)", f4(OURS.usd(ours)), f4(TUTORIAL.usd(EMR_DEFAULT_TIMEOUT_MINUTES))));
        List<List<String>> documented = Markdown.tableRows(doc()).stream().filter(r -> r.size() == 3).toList();
        assertThat(documented.get(0)).containsExactly("a job that hangs until its timeout",
                "emrflow defaults (" + ours + " min)", "tutorial defaults (" + EMR_DEFAULT_TIMEOUT_MINUTES + " min)");
        assertThat(documented.subList(1, documented.size())).containsExactlyElementsOf(expected);
    }

    @Test
    void theReadmeQuotesTheSameOneMinuteFigures() throws IOException {
        String readme = Files.readString(TestProjects.repo().resolve("README.md")).replaceAll("\\s+", " ");
        assertThat(readme).contains(
                f4(OURS.vcpuHours(1)) + " vCPU-hours and " + f4(OURS.memoryGbHours(1)) + " GB-hours, about $" + f4(OURS.usd(1)),
                f4(TUTORIAL.vcpuHours(1)) + " vCPU-hours and " + f4(TUTORIAL.memoryGbHours(1)) + " GB-hours, about $" + f4(TUTORIAL.usd(1)),
                "1/" + Math.round(TUTORIAL.vcpuHours(1) / OURS.vcpuHours(1)) + " of the vCPU-hours");
    }

    @Test
    void theIdleCostOfInitialCapacityIsCostModels() throws IOException {
        List<List<String>> documented = Markdown.tableRows(doc()).stream()
                .filter(r -> r.size() == 5 && r.get(0).matches("driver=\\d+,executor=\\d+")).toList();
        assertThat(documented).hasSize(3);
        for (List<String> row : documented) {
            Matcher size = Pattern.compile("(\\d+) vCPU / (\\d+) GB").matcher(row.get(1));
            assertThat(size.matches()).as(row.toString()).isTrue();
            Config shared = Config.of(Map.of("bucket", "cost-doc", "name.prefix", "doc", "application.mode", "shared",
                    "application.initial.capacity", row.get(0), "driver.cores", size.group(1), "executor.cores", size.group(1),
                    "driver.memory.gb", size.group(2), "executor.memory.gb", size.group(2), "max.capacity.vcpu", "64",
                    "max.capacity.memory.gb", "256"), "cost doc");
            double hourly = CostModel.initialCapacityUsdPerHour(shared);
            assertThat(row.subList(2, 5)).as(row.toString()).containsExactly(f4(hourly), String.format(Locale.ROOT, "%.2f", hourly * 24),
                    f4(hourly * 15 / 60));
        }
        // The figures the prose and operations.md quote for the default workers.
        assertThat(doc()).contains("about $3.08 a day ($92 for 30 days)");
    }
}

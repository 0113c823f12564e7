package io.github.emrflow.cli;

import io.github.emrflow.UserError;
import io.github.emrflow.job.OutputColumn;
import io.github.emrflow.results.BarChart;
import io.github.emrflow.results.ResultTable;

import java.io.Console;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * --chart, --log and --ascii: the result table drawn as bars instead of printed (shared by run.java
 * and results.java). Checked against the job's output columns before any job runs, like
 * {@link TableOptions}; the terminal (width, colour) is read only when drawing.
 */
public class ChartOptions {
    /** Below this a chart is unreadable; a smaller COLUMNS is taken for a mistake and ignored. */
    static final int MIN_WIDTH = 40;
    static final int DEFAULT_WIDTH = 100;

    @Option(names = "--chart", arity = "0..*", paramLabel = "COLUMN",
            description = "Draw the rows as horizontal bars instead of a table: the numeric COLUMNs named (default: the "
                    + "job's chart range if job.json declares one, else its first numeric column).")
    public List<String> chart;

    @Option(names = "--log", description = "With --chart: a log scale, for values spanning several powers of ten.")
    public boolean log;

    @Option(names = "--ascii", description = "With --chart: plain ASCII bars for terminals without Unicode.")
    public boolean ascii;

    /** Whether --chart was given (with or without columns). */
    public boolean enabled() {
        return chart != null;
    }

    /** Checks the named columns against the job's, so a mistake is reported before the job runs. */
    public void validate(List<OutputColumn> columns, List<String> chartRange) {
        if (!enabled()) {
            if (log || ascii) {
                throw UserError.badInput((log ? "--log" : "--ascii") + " shapes a chart: add --chart");
            }
            return;
        }
        List<String> numeric = columns.stream().filter(c -> c.type().isNumeric()).map(OutputColumn::name).toList();
        if (numeric.isEmpty()) {
            throw UserError.badInput("--chart: this job has no numeric output column to draw; its columns: " + names(columns));
        }
        for (String name : chart) {
            OutputColumn column = columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
            if (column == null || !column.type().isNumeric()) {
                throw UserError.badInput("--chart: '" + name + "' is " + (column == null ? "not an output column of this job"
                        : "text, not a number") + "; its numeric columns: " + String.join(", ", numeric));
            }
        }
    }

    /** The columns to draw: as named; none named: the job's range if declared, else the first numeric column. */
    public List<String> columns(List<OutputColumn> columns, List<String> chartRange) {
        if (chart != null && !chart.isEmpty()) {
            return List.copyOf(chart);
        }
        if (chartRange.size() == 2) {
            return chartRange;
        }
        return columns.stream().filter(c -> c.type().isNumeric()).map(OutputColumn::name).limit(1).toList();
    }

    /** The chart of an already filtered and sorted table, sized and coloured for this process's terminal. */
    public String draw(ResultTable shown, List<String> chartRange) {
        return draw(shown, chartRange, System.getenv(), terminal());
    }

    /** As {@link #draw(ResultTable, List)}, with the environment and whether stdout is a terminal given. */
    public String draw(ResultTable shown, List<String> chartRange, Map<String, String> env, boolean terminal) {
        List<String> drawn = columns(shown.columns(), chartRange);
        // The declared pair, named in either order, is drawn as one bar from the declared "from" to "to".
        boolean range = chartRange.size() == 2 && drawn.size() == 2 && new HashSet<>(drawn).equals(new HashSet<>(chartRange));
        BarChart.Style style = new BarChart.Style(width(env), log ? BarChart.Scale.LOG : BarChart.Scale.LINEAR, ascii,
                colour(env, terminal));
        return BarChart.draw(shown, range ? chartRange : drawn, range, style);
    }

    /** COLUMNS when it is a number of at least MIN_WIDTH (shells export it only sometimes), else DEFAULT_WIDTH. */
    static int width(Map<String, String> env) {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
            return columns >= MIN_WIDTH ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** Colour only on a terminal, and never when NO_COLOR is set to anything but "" (no-color.org). */
    static boolean colour(Map<String, String> env, boolean terminal) {
        String noColor = env.get("NO_COLOR");
        return terminal && (noColor == null || noColor.isEmpty());
    }

    /** Java 22 returns a Console even for a pipe and says with isTerminal(); before, console() is null then. */
    static boolean terminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private static String names(List<OutputColumn> columns) {
        return String.join(", ", columns.stream().map(OutputColumn::name).toList());
    }
}

package io.github.emrflow.cli;

import io.github.emrflow.UserError;
import io.github.emrflow.job.OutputColumn;
import io.github.emrflow.results.ResultFormat;
import io.github.emrflow.results.ResultTable;
import io.github.emrflow.results.TableView;
import io.github.emrflow.results.TableView.Filter;
import io.github.emrflow.results.TableView.Sort;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Option;

/**
 * How a run's result table is printed: shared by run.java and results.java. Columns are the job's
 * declared output columns (job/job.json), so every option is checked against them in
 * {@link #validate} before any job runs: a typo must not cost a whole EMR run.
 */
public class TableOptions {
    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    public ResultFormat format = ResultFormat.table;

    @Option(names = "--sort", paramLabel = "COLUMN[:asc|:desc]",
            description = "Sort by an output column of the job; numbers sort largest first and text A to Z unless "
                    + ":asc or :desc says otherwise (default: the order the job wrote).")
    public String sort;

    @Option(names = "--top", paramLabel = "N", description = "Print only the first N rows after filtering and sorting.")
    public Integer top;

    @Option(names = "--filter", paramLabel = "[COLUMN=]REGEX",
            description = "Print only rows whose COLUMN (default: the first output column) contains a match of REGEX; "
                    + "repeatable, a row must match them all.")
    public List<String> filters = new ArrayList<>();

    /** Checks every option against the job's output columns, so a mistake is reported before the job runs. */
    public void validate(List<OutputColumn> columns) {
        filters(columns);
        sort(columns);
        checkTop();
    }

    /** As {@link #validate(List)}, and the chart options too: a chart is for people, so only with --format table. */
    public void validate(List<OutputColumn> columns, ChartOptions chart, List<String> chartRange) {
        validate(columns);
        chart.validate(columns, chartRange);
        if (chart.enabled() && format != ResultFormat.table) {
            throw UserError.badInput("--chart draws bars for people and --format " + format + " is for programs: use one or the other");
        }
    }

    /** Applies the filters, the sort and --top, then formats. */
    public String render(ResultTable table) {
        return shown(table).format(format);
    }

    /** Applies the filters, the sort and --top, then draws the chart if --chart was given, else formats. */
    public String render(ResultTable table, ChartOptions chart, List<String> chartRange) {
        ResultTable shown = shown(table);
        return chart.enabled() ? chart.draw(shown, chartRange) : shown.format(format);
    }

    /** The rows these options show, as a view the table, the chart and the report page share. */
    public TableView view(List<OutputColumn> columns) {
        return new TableView(filters(columns), sort(columns), checkTop());
    }

    private ResultTable shown(ResultTable table) {
        return view(table.columns()).apply(table);
    }

    private List<Filter> filters(List<OutputColumn> columns) {
        List<Filter> parsed = new ArrayList<>();
        for (String text : filters == null ? List.<String>of() : filters) {
            // "name=regex" names a column only when name is one; otherwise '=' is part of a regex on the first column.
            int eq = text.indexOf('=');
            String prefix = eq > 0 ? text.substring(0, eq) : null;
            boolean named = prefix != null && find(columns, prefix) != null;
            String regex = named ? text.substring(eq + 1) : text;
            try {
                parsed.add(new Filter(named ? prefix : columns.get(0).name(), Pattern.compile(regex)));
            } catch (PatternSyntaxException e) {
                throw UserError.badInput("Invalid value for option '--filter': '" + regex + "' is not a valid regular expression: "
                        + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
            }
        }
        return parsed;
    }

    private Sort sort(List<OutputColumn> columns) {
        if (sort == null) {
            return null;
        }
        String name = sort;
        Boolean descending = null;
        int colon = sort.lastIndexOf(':');
        // A declared name wins, so that a column whose name holds a colon can still be sorted by.
        if (colon > 0 && find(columns, sort) == null) {
            String direction = sort.substring(colon + 1);
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw UserError.badInput("Invalid value for option '--sort': '" + sort + "': the direction after ':' must be "
                        + "asc or desc, not '" + direction + "'");
            }
            name = sort.substring(0, colon);
            descending = direction.equals("desc");
        }
        OutputColumn column = find(columns, name);
        if (column == null) {
            throw UserError.badInput("--sort: '" + name + "' is not an output column of this job; its columns: "
                    + String.join(", ", columns.stream().map(OutputColumn::name).toList()));
        }
        return new Sort(name, descending != null ? descending : column.type().isNumeric());
    }

    private Integer checkTop() {
        if (top != null && top < 1) {
            throw UserError.badInput("Invalid value for option '--top': " + top + " (it must be at least 1)");
        }
        return top;
    }

    private static OutputColumn find(List<OutputColumn> columns, String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}

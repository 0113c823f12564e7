package io.github.emrflow.results;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which rows of a result table are shown and in what order: the filters, the sort and the cut of
 * --filter, --sort and --top, already checked against the job's columns (cli/TableOptions parses
 * them). One view serves the printed table, the terminal chart and the report page, so the three
 * always show the same rows.
 *
 * @param top the number of rows kept after filtering and sorting; null: all
 */
public record TableView(List<Filter> filters, Sort sort, Integer top) {
    /** Every row, in the order the job wrote them. */
    public static final TableView ALL = new TableView(List.of(), null, null);

    /** Rows whose {@code column} holds a match of {@code regex}. */
    public record Filter(String column, Pattern regex) {
    }

    /** Rows ordered by {@code column}. */
    public record Sort(String column, boolean descending) {
    }

    public TableView {
        filters = List.copyOf(filters);
    }

    /** Filters, then sorts, then cuts, as --filter, --sort and --top say. */
    public ResultTable apply(ResultTable table) {
        ResultTable shown = table;
        for (Filter filter : filters) {
            shown = shown.filtered(filter.column(), filter.regex());
        }
        if (sort != null) {
            shown = shown.sorted(sort.column(), sort.descending());
        }
        return top != null ? shown.top(top) : shown;
    }

    public boolean isAll() {
        return filters.isEmpty() && sort == null && top == null;
    }

    /** The view in words, for a page's caption ("rows whose title matches Engineer, largest max first, the first 10"). */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Filter f : filters) {
            parts.add(f.column() + " matching /" + f.regex().pattern() + "/");
        }
        if (sort != null) {
            parts.add("sorted by " + sort.column() + (sort.descending() ? ", descending" : ", ascending"));
        }
        if (top != null) {
            parts.add("the first " + top);
        }
        return String.join("; ", parts);
    }
}

package io.github.emrflow.cli;

import io.github.emrflow.UserError;
import io.github.emrflow.results.SalaryTable;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Option;

/** How a salary table is printed: shared by run.java and results.java. */
public class TableOptions {
    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    public SalaryTable.Format format = SalaryTable.Format.table;

    @Option(names = "--sort", defaultValue = "title", paramLabel = "COLUMN",
            description = "Sort by ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; numbers sort largest first).")
    public SalaryTable.Sort sort = SalaryTable.Sort.title;

    @Option(names = "--top", paramLabel = "N", description = "Print only the first N rows after sorting.")
    public Integer top;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Print only job titles matching REGEX.")
    public String filter;

    /** Checks --filter and --top up front, so a bad one is reported before any work is done. */
    public void validate() {
        if (filter != null) {
            try {
                Pattern.compile(filter);
            } catch (PatternSyntaxException e) {
                throw UserError.badInput("--filter '" + filter + "' is not a valid regular expression: " + e.getDescription());
            }
        }
        if (top != null && top < 1) {
            throw UserError.badInput("--top must be at least 1, got " + top);
        }
    }

    /** Applies filter, sort and top, then formats. */
    public String render(SalaryTable table, String salaryColumn) {
        SalaryTable shown = table;
        if (filter != null) {
            try {
                shown = shown.filtered(Pattern.compile(filter));
            } catch (PatternSyntaxException e) {
                throw UserError.badInput("--filter '" + filter + "' is not a valid regular expression: " + e.getDescription());
            }
        }
        shown = shown.sorted(sort, sort != SalaryTable.Sort.title);
        if (top != null) {
            if (top < 1) {
                throw UserError.badInput("--top must be at least 1, got " + top);
            }
            shown = shown.top(top);
        }
        return shown.format(format, salaryColumn);
    }
}

package io.github.emrflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.emrflow.UserError;
import io.github.emrflow.job.ColumnType;
import io.github.emrflow.job.OutputColumn;
import io.github.emrflow.results.ResultFormat;
import io.github.emrflow.results.ResultTable;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** --format, --sort, --filter and --top against a job's declared output columns. */
class TableOptionsTest {
    static final List<OutputColumn> COLUMNS = List.of(new OutputColumn("title", ColumnType.STRING),
            new OutputColumn("count", ColumnType.INTEGER), new OutputColumn("average", ColumnType.DECIMAL, 2));

    /** Rows in an order that no sort produces, so the job's own order is visible. */
    static final ResultTable TABLE = ResultTable.fromParts(List.of(new ResultTable.Part("part-0.csv",
            "title,count,average\nBeta,9,7.5\nAlpha=1,10,2.25\nGamma,100,30\nDelta,,1\n")), COLUMNS);

    @Command(name = "test")
    static class Script {
        @Mixin
        TableOptions table = new TableOptions();
    }

    static TableOptions parse(String... args) {
        Script script = new Script();
        new CommandLine(script).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        script.table.validate(COLUMNS);
        return script.table;
    }

    /** The first column of each printed CSV row. */
    static List<String> titles(String... args) {
        TableOptions options = parse(args);
        options.format = ResultFormat.csv;
        return options.render(TABLE).lines().skip(1).map(line -> line.substring(0, line.indexOf(','))).toList();
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertBadInput(String... args) {
        return assertThatThrownBy(() -> parse(args)).isInstanceOf(UserError.class)
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(UserError.BAD_INPUT))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void withoutOptionsRowsStayInTheOrderTheJobWroteThem() {
        assertThat(titles()).containsExactly("Beta", "Alpha=1", "Gamma", "Delta");
        assertThat(parse().render(TABLE)).isEqualTo(TABLE.format(ResultFormat.table));
    }

    @Test
    void numbersSortLargestFirstAndTextAToZUnlessADirectionIsGiven() {
        assertThat(titles("--sort", "count")).containsExactly("Gamma", "Alpha=1", "Beta", "Delta");
        assertThat(titles("--sort", "average")).containsExactly("Gamma", "Beta", "Alpha=1", "Delta");
        assertThat(titles("--sort", "title")).containsExactly("Alpha=1", "Beta", "Delta", "Gamma");
        assertThat(titles("--sort", "count:asc")).containsExactly("Beta", "Alpha=1", "Gamma", "Delta");
        assertThat(titles("--sort", "title:desc")).containsExactly("Gamma", "Delta", "Beta", "Alpha=1");
    }

    @Test
    void aFilterWithoutAColumnAppliesToTheFirstColumn() {
        assertThat(titles("--filter", "^[AB]")).containsExactly("Beta", "Alpha=1");
    }

    @Test
    void aFilterNamesItsColumnBeforeTheEqualsSign() {
        assertThat(titles("--filter", "count=^1\\d*$")).containsExactly("Alpha=1", "Gamma");
        assertThat(titles("--filter", "average=\\.50$")).containsExactly("Beta");
    }

    @Test
    void aPrefixThatIsNoColumnIsPartOfTheRegexOnTheFirstColumn() {
        assertThat(titles("--filter", "Alpha=1")).containsExactly("Alpha=1");
    }

    @Test
    void repeatedFiltersMustAllMatch() {
        assertThat(titles("--filter", "a", "--filter", "count=\\d")).containsExactly("Beta", "Alpha=1", "Gamma");
        assertThat(titles("--filter", "a", "--filter", "count=\\d", "--filter", "title=^[BG]")).containsExactly("Beta", "Gamma");
    }

    @Test
    void topCutsAfterFilteringAndSorting() {
        assertThat(titles("--filter", "a", "--sort", "count", "--top", "2")).containsExactly("Gamma", "Alpha=1");
        assertThat(titles("--top", "1")).containsExactly("Beta");
    }

    @Test
    void theFormatIsChosenByName() {
        assertThat(parse("--format", "json").render(TABLE)).startsWith("{").contains("\"count\" : 4");
        assertThat(parse("--format", "CSV").render(TABLE)).startsWith("title,count,average\n");
        assertThatThrownBy(() -> parse("--format", "xml")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("table, csv, json");
    }

    @Test
    void theHelpShowsTheFormatsAndTheDefault() {
        String help = new CommandLine(new Script()).setUsageHelpWidth(200).getUsageMessage();
        assertThat(help).contains("Output format: table, csv, json (default: table).")
                .contains("--sort=COLUMN[:asc|:desc]").contains("--filter=[COLUMN=]REGEX");
    }

    @Test
    void anUnknownSortColumnNamesTheDeclaredOnes() {
        assertBadInput("--sort", "salary")
                .hasMessage("--sort: 'salary' is not an output column of this job; its columns: title, count, average");
        assertBadInput("--sort", "salary:desc").hasMessageStartingWith("--sort: 'salary' is not an output column");
    }

    @Test
    void aSortDirectionOtherThanAscOrDescIsRejected() {
        assertBadInput("--sort", "count:down").hasMessageContaining("'count:down'").hasMessageContaining("asc or desc");
    }

    @Test
    void aBadRegexIsRejectedBeforeAnythingRuns() {
        assertBadInput("--filter", "count=(1").hasMessageStartingWith(
                "Invalid value for option '--filter': '(1' is not a valid regular expression: Unclosed group");
        assertBadInput("--filter", "[a").hasMessageContaining("'[a' is not a valid regular expression");
    }

    @Test
    void topMustBeAtLeastOne() {
        assertBadInput("--top", "0").hasMessage("Invalid value for option '--top': 0 (it must be at least 1)");
    }

    @Test
    void renderChecksTheOptionsToo() {
        TableOptions options = new TableOptions();
        options.sort = "nope";
        assertThatThrownBy(() -> options.render(TABLE)).isInstanceOf(UserError.class).hasMessageStartingWith("--sort: 'nope'");
    }
}

package io.github.emrflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.emrflow.UserError;
import io.github.emrflow.job.ColumnType;
import io.github.emrflow.job.OutputColumn;
import io.github.emrflow.results.ResultTable;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** --chart, --log and --ascii against a job's declared output columns and chart range. */
class ChartOptionsTest {
    static final List<OutputColumn> COLUMNS = List.of(new OutputColumn("title", ColumnType.STRING),
            new OutputColumn("most", ColumnType.INTEGER), new OutputColumn("least", ColumnType.INTEGER),
            new OutputColumn("average", ColumnType.DECIMAL, 2));
    static final List<String> RANGE = List.of("least", "most");
    static final ResultTable TABLE = ResultTable.fromParts(List.of(new ResultTable.Part("part-0.csv",
            "title,most,least,average\nBeta,90,10,50\nAlpha,400,100,250.5\nGamma,1000,5,60\n")), COLUMNS);

    @Command(name = "test")
    static class Script {
        @Mixin
        TableOptions table = new TableOptions();

        @Mixin
        ChartOptions chart = new ChartOptions();
    }

    static Script parse(String... args) {
        Script script = new Script();
        new CommandLine(script).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        script.table.validate(COLUMNS, script.chart, RANGE);
        return script;
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertBadInput(String... args) {
        return assertThatThrownBy(() -> parse(args)).isInstanceOf(UserError.class)
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(UserError.BAD_INPUT))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aColumnThatIsNotAnOutputColumnIsNamedWithTheNumericColumns() {
        assertBadInput("--chart", "most", "nope").hasMessage("--chart: 'nope' is not an output column of this job; "
                + "its numeric columns: most, least, average");
    }

    @Test
    void aTextColumnIsRefusedInOneLine() {
        assertBadInput("--chart", "title").hasMessage("--chart: 'title' is text, not a number; its numeric columns: most, least, average");
    }

    @Test
    void aChartIsNotJsonOrCsv() {
        assertBadInput("--chart", "--format", "json").hasMessageStartingWith("--chart draws bars for people and --format json");
        assertBadInput("--format", "csv", "--chart", "most").hasMessageStartingWith("--chart draws bars for people and --format csv");
        assertThat(parse("--format", "table", "--chart").chart.enabled()).isTrue();
    }

    @Test
    void logAndAsciiNeedAChart() {
        assertBadInput("--log").hasMessage("--log shapes a chart: add --chart");
        assertBadInput("--ascii").hasMessage("--ascii shapes a chart: add --chart");
    }

    @Test
    void withoutColumnsTheJobsRangeIsDrawnElseItsFirstNumericColumn() {
        ChartOptions none = parse("--chart").chart;
        assertThat(none.columns(COLUMNS, RANGE)).isEqualTo(RANGE);
        assertThat(none.columns(COLUMNS, List.of())).containsExactly("most");
        assertThat(parse("--chart", "average", "most").chart.columns(COLUMNS, RANGE)).containsExactly("average", "most");
        assertThat(parse().chart.enabled()).isFalse();
    }

    @Test
    void theRangePairNamedInEitherOrderIsOneBarFromTheDeclaredFrom() {
        String drawn = parse("--chart", "most", "least").chart.draw(TABLE, RANGE, Map.of(), false);
        assertThat(drawn.lines().findFirst().orElseThrow()).startsWith("least to most by title, linear scale");
        assertThat(drawn).contains("Alpha").contains("100 – 400");
    }

    @Test
    void theChartFollowsTheSortAndTop() {
        Script script = parse("--chart", "most", "--sort", "most", "--top", "2", "--ascii");
        String drawn = script.table.render(TABLE, script.chart, RANGE);
        List<String> rows = drawn.lines().skip(1).limit(2).toList();
        assertThat(rows.get(0)).startsWith("Gamma").endsWith("1,000");
        assertThat(rows.get(1)).startsWith("Alpha").endsWith("400");
        assertThat(drawn).doesNotContain("Beta");
    }

    @Test
    void theWidthIsColumnsWhenItIsAUsableNumber() {
        assertThat(ChartOptions.width(Map.of("COLUMNS", "132"))).isEqualTo(132);
        assertThat(ChartOptions.width(Map.of("COLUMNS", "40"))).isEqualTo(40);
        assertThat(ChartOptions.width(Map.of("COLUMNS", "39"))).isEqualTo(100);
        assertThat(ChartOptions.width(Map.of("COLUMNS", "wide"))).isEqualTo(100);
        assertThat(ChartOptions.width(Map.of())).isEqualTo(100);
        for (String columns : List.of("40", "57", "132")) {
            String drawn = parse("--chart").chart.draw(TABLE, RANGE, Map.of("COLUMNS", columns), false);
            List<String> lines = drawn.lines().toList();
            assertThat(lines).allSatisfy(l -> assertThat(l.codePointCount(0, l.length())).isLessThanOrEqualTo(Integer.parseInt(columns)));
            // The row with the longest values fills the width exactly.
            assertThat(lines.get(3).codePointCount(0, lines.get(3).length())).isEqualTo(Integer.parseInt(columns));
        }
    }

    @Test
    void colourOnlyOnATerminalWithoutNoColor() {
        assertThat(ChartOptions.colour(Map.of(), true)).isTrue();
        assertThat(ChartOptions.colour(Map.of(), false)).isFalse();
        assertThat(ChartOptions.colour(Map.of("NO_COLOR", "1"), true)).isFalse();
        assertThat(parse("--chart").chart.draw(TABLE, RANGE, Map.of(), true)).contains("\u001b[36m");
        assertThat(parse("--chart").chart.draw(TABLE, RANGE, Map.of("NO_COLOR", "1"), true)).doesNotContain("\u001b");
    }
}

package io.github.emrflow.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.job.ColumnType;
import io.github.emrflow.job.OutputColumn;
import io.github.emrflow.results.BarChart.Scale;
import io.github.emrflow.results.BarChart.Style;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exact cell counts: the labels are one character wide, so the bar area is the width minus the label,
 * two spaces and the value column; the widths below make it 40 cells (320 eighths) in every chart.
 */
class BarChartTest {
    static final List<OutputColumn> COLUMNS = List.of(new OutputColumn("title", ColumnType.STRING),
            new OutputColumn("low", ColumnType.INTEGER), new OutputColumn("high", ColumnType.INTEGER));
    static final ResultTable TABLE = table("A,10,33\nB,20,80\nC,7,100\n");
    /** 1 (label) + 1 + 40 (bars) + 1 + 3 ("100"). */
    static final int ONE_VALUE = 46;
    /** 1 + 1 + 40 + 1 + 8 ("10 – 33"). */
    static final int RANGE = 51;

    static ResultTable table(String rows) {
        return ResultTable.fromParts(List.of(new ResultTable.Part("part-0.csv", "title,low,high\n" + rows)), COLUMNS);
    }

    static List<String> rows(String chart) {
        return chart.lines().skip(1).limit(3).toList();
    }

    /** The bar of a row line: what lies between the label and the value column. */
    static String bar(String line) {
        return line.substring(2, 42);
    }

    static long full(String bar) {
        return bar.chars().filter(c -> c == '█').count();
    }

    @Test
    void linearBarsFillRoundOfValueOverTopTimesEightWEighths() {
        String chart = BarChart.draw(TABLE, List.of("high"), false, new Style(ONE_VALUE, Scale.LINEAR, false, false));
        List<String> rows = rows(chart);
        // Top tick 100: 33 -> round(0.33 * 320) = 106 eighths = 13 cells + 2/8; 80 -> 256 = 32 cells; 100 -> 40 cells.
        assertThat(bar(rows.get(0)).stripTrailing()).isEqualTo("█".repeat(13) + "▎");
        assertThat(bar(rows.get(1)).stripTrailing()).isEqualTo("█".repeat(32));
        assertThat(bar(rows.get(2)).stripTrailing()).isEqualTo("█".repeat(40));
        assertThat(rows.get(0)).startsWith("A ").endsWith("  33");
        assertThat(chart.lines().findFirst().orElseThrow()).isEqualTo("high by title, linear scale from 0");
    }

    @Test
    void logBarsFillTheirShareOfTheDecadesBetweenThePowersOfTen() {
        String chart = BarChart.draw(TABLE, List.of("high"), false, new Style(ONE_VALUE, Scale.LOG, false, false));
        List<String> rows = rows(chart);
        // 10 to 100: 33 -> round(log10(3.3) * 320) = round(165.92) = 166 = 20 cells + 6/8; 80 -> round(288.99) = 289 = 36 + 1/8.
        assertThat(bar(rows.get(0)).stripTrailing()).isEqualTo("█".repeat(20) + "▊");
        assertThat(bar(rows.get(1)).stripTrailing()).isEqualTo("█".repeat(36) + "▏");
        assertThat(bar(rows.get(2)).stripTrailing()).isEqualTo("█".repeat(40));
        List<String> lines = chart.lines().toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("  10        20              50         100");
    }

    @Test
    void rangeBarsStartOnTheFloorCellAndEndOnTheRoundedEighth() {
        String chart = BarChart.draw(TABLE, List.of("low", "high"), true, new Style(RANGE, Scale.LINEAR, false, false));
        List<String> rows = rows(chart);
        // A: 10 -> cell floor(4.0) = 4, 33 -> 106 eighths. B: 20 -> 8, 80 -> 256. C: 7 -> floor(2.8) = 2, 100 -> 320.
        assertThat(bar(rows.get(0)).stripTrailing()).isEqualTo(" ".repeat(4) + "█".repeat(9) + "▎");
        assertThat(bar(rows.get(1)).stripTrailing()).isEqualTo(" ".repeat(8) + "█".repeat(24));
        assertThat(bar(rows.get(2)).stripTrailing()).isEqualTo(" ".repeat(2) + "█".repeat(38));
        assertThat(rows.get(0)).endsWith(" 10 – 33");
        assertThat(rows.get(2)).endsWith("  7 – 100");
        assertThat(chart.lines().findFirst().orElseThrow()).isEqualTo("low to high by title, linear scale from 0");
    }

    @Test
    void anEmptyRangeStillShowsOneEighth() {
        ResultTable same = table("A,50,50\nB,0,100\n");
        List<String> rows = rows(BarChart.draw(same, List.of("low", "high"), true, new Style(RANGE, Scale.LINEAR, false, false)));
        assertThat(bar(rows.get(0)).stripTrailing()).isEqualTo(" ".repeat(20) + "▏");
    }

    @Test
    void asciiUsesWholeCellsAndOnlyAsciiCharacters() {
        String bars = BarChart.draw(TABLE, List.of("high"), false, new Style(ONE_VALUE, Scale.LINEAR, true, false));
        // round(0.33 * 40) = 13 cells.
        assertThat(rows(bars).stream().map(l -> bar(l).stripTrailing()).toList())
                .containsExactly("#".repeat(13), "#".repeat(32), "#".repeat(40));
        String range = BarChart.draw(TABLE, List.of("low", "high"), true, new Style(RANGE, Scale.LOG, true, false));
        assertThat(rows(range).get(0)).endsWith(" 10 - 33");
        for (String chart : List.of(bars, range)) {
            assertThat(chart.chars().filter(c -> c >= 128).count()).as(chart).isZero();
        }
        assertThat(bars.lines().toList()).contains("  +------+-------+-------+-------+-------+");
    }

    @Test
    void ticksSitInTheCellWhereABarOfTheirValueEnds() {
        List<String> lines = BarChart.draw(TABLE, List.of("high"), false, new Style(ONE_VALUE, Scale.LINEAR, false, false))
                .lines().toList();
        String axis = lines.get(4);
        String labels = lines.get(5);
        // Ticks 0, 20, ..., 100 end in cells 0, 7, 15, 23, 31, 39; the 80 bar (32 cells) ends in cell 31 too.
        for (int cell : new int[] {0, 7, 15, 23, 31, 39}) {
            assertThat(axis.charAt(2 + cell)).as("cell " + cell + " of " + axis).isEqualTo('┬');
        }
        assertThat(axis.chars().filter(c -> c == '┬').count()).isEqualTo(6);
        assertThat(labels).isEqualTo("  0     20      40      60      80     100");
    }

    @Test
    void longLabelsAreCutSoThatTheBarsKeepTwentyCellsAndLinesFitTheWidth() {
        ResultTable long_ = table("A" + "x".repeat(99) + ",10,33\nB,20,80\n");
        for (int width : new int[] {40, 60, 100}) {
            for (boolean ascii : new boolean[] {false, true}) {
                String chart = BarChart.draw(long_, List.of("low", "high"), true, new Style(width, Scale.LINEAR, ascii, false));
                for (String line : chart.lines().toList()) {
                    assertThat(line.codePointCount(0, line.length())).as(line).isLessThanOrEqualTo(width);
                }
                String first = chart.lines().filter(l -> l.startsWith("Axx")).findFirst().orElseThrow();
                assertThat(first).contains(ascii ? "..." : "…");
                // label, space, 20 cells of bars, space, "10 - 33": the label has what is left.
                assertThat(first.indexOf(ascii ? "..." : "…") + (ascii ? 3 : 1)).isEqualTo(width - 2 - 20 - 7);
            }
        }
    }

    @Test
    void valuesTheScaleCannotShowGetNoBarAndTheHeaderCountsThem() {
        ResultTable zero = table("A,0,0\nB,,80\nC,7,100\n");
        String chart = BarChart.draw(zero, List.of("low"), false, new Style(100, Scale.LOG, false, false));
        assertThat(chart.lines().findFirst().orElseThrow()).isEqualTo("low by title, log scale; 2 rows without a bar (empty, zero or negative)");
        assertThat(rows(chart).get(0)).isEqualTo("A" + " ".repeat(98) + "0");
    }

    @Test
    void severalColumnsOutsideARangeDrawTheFirstAndSaySo() {
        String chart = BarChart.draw(TABLE, List.of("high", "low"), false, new Style(ONE_VALUE, Scale.LINEAR, false, false));
        // Wrapped at the width like every line.
        assertThat(String.join(" ", chart.lines().limit(2).toList())).isEqualTo("high by title, linear scale from 0; only high drawn (one bar per row), not low");
    }

    @Test
    void colourIsAnsiAroundTheBarsOnlyWhenAskedFor() {
        String plain = BarChart.draw(TABLE, List.of("high"), false, new Style(ONE_VALUE, Scale.LINEAR, false, false));
        String colour = BarChart.draw(TABLE, List.of("high"), false, new Style(ONE_VALUE, Scale.LINEAR, false, true));
        assertThat(plain).doesNotContain("\u001b");
        assertThat(colour).contains("\u001b[36m" + "█".repeat(40) + "\u001b[0m");
        assertThat(colour.replaceAll("\u001b\\[[0-9]*m", "")).isEqualTo(plain);
    }
}

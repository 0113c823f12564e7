package io.github.emrflow.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.emrflow.UserError;
import io.github.emrflow.job.ColumnType;
import io.github.emrflow.job.OutputColumn;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ResultTable over part files as Spark writes them, typed by a job's declared output columns. */
class ResultTableTest {
    static final List<OutputColumn> COLUMNS = List.of(new OutputColumn("title", ColumnType.STRING),
            new OutputColumn("count", ColumnType.INTEGER), new OutputColumn("average", ColumnType.DECIMAL, 2));
    static final String HEADER = "title,count,average\n";

    static ResultTable table(String... contents) {
        List<ResultTable.Part> parts = Arrays.stream(contents).map(c -> new ResultTable.Part("part-0000" + c.length() + ".csv", c)).toList();
        return ResultTable.fromParts(parts, COLUMNS);
    }

    /** Three rows, two of them in a second part file, one with an empty number. */
    static ResultTable sample() {
        return table(HEADER + "Data Engineer,1234567,98765.4321\n", "", HEADER,
                HEADER + "Analyst,12,5.005\nML Ops,,1000\n");
    }

    static List<Object> titles(ResultTable table) {
        return table.rows().stream().map(r -> r.get(0)).toList();
    }

    @Test
    void rowsAreTypedByTheDeclaredColumnsInTheOrderTheJobWroteThem() {
        ResultTable table = sample();
        assertThat(table.columns()).isEqualTo(COLUMNS);
        assertThat(table.size()).isEqualTo(3);
        assertThat(table.rows().get(0)).containsExactly("Data Engineer", 1_234_567L, new BigDecimal("98765.4321"));
        assertThat(table.rows().get(2)).containsExactly("ML Ops", null, new BigDecimal("1000"));
        assertThat(table.column("average")).isEqualTo(2);
    }

    @Test
    void theTableAlignsTextLeftAndNumbersRightWithSeparatorsAndTheScale() {
        assertThat(sample().format(ResultFormat.table)).isEqualTo(String.join("\n",
                "title              count    average",
                "-------------  ---------  ---------",
                "Data Engineer  1,234,567  98,765.43",
                "Analyst               12       5.01",
                "ML Ops                     1,000.00",
                "3 rows", ""));
    }

    @Test
    void oneRowIsOneRowAndNoRowsAfterFilteringIsZeroRows() {
        assertThat(sample().top(1).format(ResultFormat.table)).endsWith("\n1 row\n");
        assertThat(sample().filtered("title", Pattern.compile("nothing")).format(ResultFormat.table))
                .isEqualTo("title  count  average\n-----  -----  -------\n0 rows\n");
    }

    @Test
    void csvQuotesOnlyWhatMustBeQuotedAndPrintsNumbersPlain() {
        ResultTable table = table(HEADER + "\"Say \"\"hi\"\", friend\",1234567,98765.4321\nplain,7,\n");
        assertThat(table.rows().get(0).get(0)).isEqualTo("Say \"hi\", friend");
        assertThat(table.format(ResultFormat.csv)).isEqualTo(
                "title,count,average\n\"Say \"\"hi\"\", friend\",1234567,98765.43\nplain,7,\n");
    }

    @Test
    void jsonHasTheColumnsTheCountAndTypedValuesWithDecimalsExact() throws Exception {
        String json = sample().format(ResultFormat.json);
        assertThat(json).endsWith("}\n").contains("98765.4321").doesNotContain("\"98765");
        JsonNode root = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(json);
        assertThat(root.get("columns").toString()).isEqualTo("[{\"name\":\"title\",\"type\":\"string\"},"
                + "{\"name\":\"count\",\"type\":\"integer\"},{\"name\":\"average\",\"type\":\"decimal\"}]");
        assertThat(root.get("count").asInt()).isEqualTo(3);
        JsonNode first = root.get("rows").get(0);
        assertThat(first.get("title").isTextual()).isTrue();
        assertThat(first.get("count").isIntegralNumber()).isTrue();
        assertThat(first.get("count").longValue()).isEqualTo(1_234_567L);
        assertThat(first.get("average").isNumber()).isTrue();
        assertThat(first.get("average").decimalValue()).isEqualTo(new BigDecimal("98765.4321"));
        assertThat(root.get("rows").get(2).get("count").isNull()).isTrue();
    }

    @Test
    void jsonNeverPrintsADecimalInExponentForm() throws Exception {
        String json = table(HEADER + "tiny,1,1.0E-7\nbig,2,1E+3\n").format(ResultFormat.json);
        assertThat(json).contains("0.00000010").contains(": 1000\n").doesNotContain("E");
        assertThat(new ObjectMapper().readTree(json).get("rows").get(1).get("average").isNumber()).isTrue();
    }

    @Test
    void numbersSortByValueTextByCharactersAndEmptyNumbersLast() {
        ResultTable table = sample();
        assertThat(titles(table.sorted("count", true))).containsExactly("Data Engineer", "Analyst", "ML Ops");
        assertThat(titles(table.sorted("count", false))).containsExactly("Analyst", "Data Engineer", "ML Ops");
        assertThat(titles(table.sorted("average", false))).containsExactly("Analyst", "ML Ops", "Data Engineer");
        assertThat(titles(table.sorted("title", false))).containsExactly("Analyst", "Data Engineer", "ML Ops");
        assertThat(titles(table.sorted("title", true))).containsExactly("ML Ops", "Data Engineer", "Analyst");
    }

    @Test
    void numbersAreNotComparedAsText() {
        ResultTable table = table(HEADER + "a,9,10.5\nb,10,9.75\nc,100,100\n");
        assertThat(titles(table.sorted("count", true))).containsExactly("c", "b", "a");
        assertThat(titles(table.sorted("average", true))).containsExactly("c", "a", "b");
    }

    @Test
    void sortingIsStable() {
        ResultTable table = table(HEADER + "first,1,1\nsecond,2,1\nthird,1,1\n");
        assertThat(titles(table.sorted("count", true))).containsExactly("second", "first", "third");
        assertThat(titles(table.sorted("average", false))).containsExactly("first", "second", "third");
    }

    @Test
    void filtersFindTheRegexInTheColumnsTextAndNumbersMatchWithoutSeparators() {
        ResultTable table = sample();
        assertThat(titles(table.filtered("title", Pattern.compile("Eng|Ops")))).containsExactly("Data Engineer", "ML Ops");
        assertThat(titles(table.filtered("count", Pattern.compile("^1234567$")))).containsExactly("Data Engineer");
        assertThat(titles(table.filtered("average", Pattern.compile("^5\\.01$")))).containsExactly("Analyst");
        assertThat(titles(table.filtered("count", Pattern.compile("^$")))).containsExactly("ML Ops");
    }

    @Test
    void topKeepsTheFirstRows() {
        assertThat(titles(sample().top(2))).containsExactly("Data Engineer", "Analyst");
        assertThat(sample().top(10).size()).isEqualTo(3);
    }

    @Test
    void crlfLineEndsQuotedLineBreaksAndBlankLinesAreRead() {
        ResultTable table = table("title,count,average\r\n\"two\nlines\",1,2.5\r\n\r\nnext,2,3\r\n");
        assertThat(titles(table)).containsExactly("two\nlines", "next");
        assertThat(table.format(ResultFormat.table)).contains("two\\nlines");
    }

    @Test
    void inAOneColumnOutputABlankLineIsAnEmptyValue() {
        ResultTable table = ResultTable.fromParts(List.of(new ResultTable.Part("p", "name\na\n\nb\n")),
                List.of(new OutputColumn("name", ColumnType.STRING)));
        assertThat(titles(table)).containsExactly("a", "", "b");
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertBadInput(Runnable action) {
        return assertThatThrownBy(action::run).isInstanceOf(UserError.class)
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(UserError.BAD_INPUT))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aHeaderOtherThanTheDeclaredColumnsIsRejected() {
        assertBadInput(() -> ResultTable.fromParts(List.of(new ResultTable.Part("part-1.csv", "job_title,max\nx,1\n")), COLUMNS))
                .hasMessage("part-1.csv: header is 'job_title,max', expected 'title,count,average' (the job's declared output columns)");
        assertBadInput(() -> table("count,title,average\n1,x,2\n")).hasMessageContaining("header is 'count,title,average'");
    }

    @Test
    void aRecordWithTheWrongNumberOfFieldsNamesThePartAndLine() {
        assertBadInput(() -> ResultTable.fromParts(List.of(new ResultTable.Part("part-7.csv", HEADER + "a,1,2\nb,2\n")), COLUMNS))
                .hasMessage("part-7.csv line 3: expected 3 fields (title, count, average), found 2");
    }

    @Test
    void aValueThatIsNotItsColumnsTypeNamesThePartLineAndColumn() {
        assertBadInput(() -> ResultTable.fromParts(List.of(new ResultTable.Part("part-2.csv",
                HEADER + "\"multi\nline\",1,2\nx,12.5,3\n")), COLUMNS))
                .hasMessage("part-2.csv line 4, column count: '12.5' is not an integer (the column's declared type)");
        assertBadInput(() -> ResultTable.fromParts(List.of(new ResultTable.Part("part-3.csv", HEADER + "x,1,n/a\n")), COLUMNS))
                .hasMessage("part-3.csv line 2, column average: 'n/a' is not a decimal number (the column's declared type)");
    }

    @Test
    void brokenCsvNamesThePartAndLine() {
        // What Spark writes by default for a quote in a value: backslash-escaped, which is not RFC 4180.
        assertBadInput(() -> ResultTable.fromParts(List.of(new ResultTable.Part("part-4.csv",
                HEADER + "a,1,2\n\"say \\\"hi\\\"\",1,2\n")), COLUMNS))
                .hasMessageStartingWith("part-4.csv line 3: not valid CSV: ");
    }

    @Test
    void anOutputWithoutRowsIsAnError() {
        assertBadInput(() -> table(HEADER, "")).hasMessageStartingWith("the run's output holds no rows (2 part file(s))");
    }

    @Test
    void anUnknownColumnNamesTheDeclaredOnes() {
        String message = "'salary' is not an output column of this job; its columns: title, count, average";
        assertBadInput(() -> sample().column("salary")).hasMessage(message);
        assertBadInput(() -> sample().sorted("salary", true)).hasMessage(message);
        assertBadInput(() -> sample().filtered("salary", Pattern.compile("x"))).hasMessage(message);
    }

    @Test
    void partsAreReadFromAnOutputFolderIgnoringMarkersAndChecksums(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("part-00001-x.csv"), HEADER + "b,2,2\n");
        Files.writeString(dir.resolve("part-00000-x.csv"), HEADER + "a,1,1\n");
        Files.writeString(dir.resolve(".part-00000-x.csv.crc"), "binary");
        Files.writeString(dir.resolve("part-00000-x.csv.crc"), "binary");
        Files.writeString(dir.resolve("_SUCCESS"), "");
        List<ResultTable.Part> parts = LocalRuns.readParts(dir);
        assertThat(parts).extracting(p -> Path.of(p.name()).getFileName().toString())
                .containsExactly("part-00000-x.csv", "part-00001-x.csv");
        assertThat(titles(ResultTable.fromParts(parts, COLUMNS))).containsExactly("a", "b");
    }

    @Test
    void aLocalRunsTableIsReadWithTheJobsColumns(@TempDir Path runs) throws Exception {
        LocalRuns local = new LocalRuns(runs);
        Path staging = local.stage("20240101-000000-abcdef");
        Files.createDirectories(staging.resolve("output"));
        Files.writeString(staging.resolve("output/part-00000.csv"), HEADER + "a,1,1.5\n");
        local.commit("20240101-000000-abcdef", staging);
        assertThat(local.table("20240101-000000-abcdef", COLUMNS).rows().get(0)).containsExactly("a", 1L, new BigDecimal("1.5"));
        assertBadInput(() -> local.table("20990101-000000-000000", COLUMNS)).hasMessageContaining("no local run '20990101-000000-000000'");
    }
}

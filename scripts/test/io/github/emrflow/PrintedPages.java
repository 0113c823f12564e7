package io.github.emrflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.results.report.HtmlReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** A report page as chromium prints it, read back with PDFBox: which printed page each table row is on. */
public final class PrintedPages {
    private PrintedPages() {
    }

    /**
     * The page printed to PDF: the table starts on a page of its own (with its "Results" heading)
     * and row i (0-based, in the order the page holds them now) is on that page + i / 50, up to the
     * last page: fifty rows a page. {@code rows} are the rows' texts as the browser shows them.
     */
    public static void assertRowsPerPage(Chromium.Page tab, List<String> rows, Path pdf) throws Exception {
        tab.pdf(pdf);
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            List<Set<String>> pages = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper();
            for (int p = 1; p <= doc.getNumberOfPages(); p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                pages.add(stripper.getText(doc).lines().map(PrintedPages::words).collect(Collectors.toSet()));
            }
            // The chart before the table shows the same names and values: rows are looked for from the table's heading on.
            List<Integer> headings = new ArrayList<>();
            for (int p = 0; p < pages.size(); p++) {
                if (pages.get(p).contains("Results")) {
                    headings.add(p);
                }
            }
            assertThat(headings).as("the page with the table's heading").hasSize(1);
            List<Integer> pageOfRow = new ArrayList<>();
            for (String row : rows) {
                List<Integer> on = new ArrayList<>();
                for (int p = headings.get(0); p < pages.size(); p++) {
                    if (pages.get(p).contains(words(row))) {
                        on.add(p);
                    }
                }
                assertThat(on).as("the page of row '" + row + "' in " + pdf).hasSize(1);
                pageOfRow.add(on.get(0));
            }
            int first = pageOfRow.get(0);
            assertThat(first).as("the first row on the heading's page").isEqualTo(headings.get(0));
            for (int i = 0; i < rows.size(); i++) {
                assertThat(pageOfRow.get(i)).as("page of row " + i).isEqualTo(first + i / HtmlReport.ROWS_PER_PAGE);
            }
            assertThat(doc.getNumberOfPages()).as("the table's pages end the document")
                    .isEqualTo(first + 1 + (rows.size() - 1) / HtmlReport.ROWS_PER_PAGE);
        }
    }

    private static String words(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

}

package io.github.emrflow.cli;

import io.github.emrflow.UserError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Option;

/**
 * Where a run report page goes: results.java --html FILE ({@link Html}), run.java --report FILE
 * ({@link Report}). The folder is checked before any work, so a typo does not cost a whole run;
 * the page is written to a temporary file beside the target and moved into place, so a reader
 * never sees half a page and an old report survives a failed write.
 */
public abstract class ReportOptions {
    private Path file;

    /** The option's name, for messages. */
    protected abstract String optionName();

    protected void file(Path file) {
        this.file = file;
    }

    public boolean enabled() {
        return file != null;
    }

    public Path file() {
        return file;
    }

    /** Fails (exit 2, one line) when the file cannot be written where asked: a missing folder, or a folder given as the file. */
    public void validate() {
        if (file == null) {
            return;
        }
        Path target = file.toAbsolutePath().normalize();
        Path folder = target.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw UserError.badInput(optionName() + ": folder " + folder + " does not exist");
        }
        if (Files.isDirectory(target)) {
            throw UserError.badInput(optionName() + ": " + target + " is a folder; give a file name, e.g. " + target.resolve("report.html"));
        }
    }

    /** Writes the page atomically; returns where it went. */
    public Path write(String html) {
        Path target = file.toAbsolutePath().normalize();
        Path temp = null;
        try {
            // createFile, not createTempFile: the page gets the usual permissions (umask), not owner-only ones.
            temp = Files.createFile(target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp"));
            Files.writeString(temp, html, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some file systems cannot rename atomically; a plain replace is the best they offer.
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            try {
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException ignored) {
                // the write already failed; that is the error to report
            }
            throw new UserError(UserError.ENVIRONMENT, optionName() + ": cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** results.java --html FILE. */
    public static class Html extends ReportOptions {
        @Option(names = "--html", paramLabel = "FILE",
                description = "Also write the run's report as one self-contained HTML page (timeline, chart, sortable table) to FILE.")
        void html(Path file) {
            file(file);
        }

        @Override
        protected String optionName() {
            return "--html";
        }
    }

    /** run.java --report FILE. */
    public static class Report extends ReportOptions {
        @Option(names = "--report", paramLabel = "FILE",
                description = "When the run ends (succeeded or failed), write its report as one self-contained HTML page to FILE.")
        void report(Path file) {
            file(file);
        }

        @Override
        protected String optionName() {
            return "--report";
        }
    }
}

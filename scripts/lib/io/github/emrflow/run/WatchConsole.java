package io.github.emrflow.run;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The watch's lines, each stamped with the time since the watch began; on a terminal, one line that
 * is rewritten in place while nothing else happens (the job's state), cleared before the next line.
 */
final class WatchConsole {
    private final PrintStream out;
    private final boolean live;
    private final long startNanos = System.nanoTime();
    private int liveWidth;

    WatchConsole(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    long startNanos() {
        return startNanos;
    }

    void line(String text) {
        endLive();
        out.printf(Locale.ROOT, "  %7s  %s%n", clock(elapsed()), text);
        out.flush();
    }

    /** A line rewritten in place; only on a terminal (elsewhere it would pile up). */
    void live(String text) {
        if (!live) {
            return;
        }
        String shown = String.format(Locale.ROOT, "  %7s  %s", clock(elapsed()), text);
        out.print("\r" + shown + " ".repeat(Math.max(0, liveWidth - shown.length())));
        out.flush();
        liveWidth = shown.length();
    }

    void endLive() {
        if (liveWidth > 0) {
            out.print("\r" + " ".repeat(liveWidth) + "\r");
            liveWidth = 0;
        }
    }

    static String clock(double seconds) {
        int m = (int) (seconds / 60);
        return String.format(Locale.ROOT, "%d:%04.1f", m, seconds - m * 60);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }
}

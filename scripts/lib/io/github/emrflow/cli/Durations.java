package io.github.emrflow.cli;

import io.github.emrflow.UserError;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users type them on the command line: 90s, 45m, 2h. */
public final class Durations {
    private static final Pattern SHAPE = Pattern.compile("(\\d{1,6})([smh])");

    private Durations() {
    }

    public static Duration parse(String text, String flag) {
        Matcher m = SHAPE.matcher(text.trim());
        if (!m.matches()) {
            throw UserError.badInput(flag + " '" + text + "' is not a duration like 90s, 45m or 2h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}

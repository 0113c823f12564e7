package io.github.emrflow.config;

import java.util.List;
import java.util.stream.Collectors;

/** The retention periods (days) CloudWatch Logs' PutRetentionPolicy accepts: any other value is refused by AWS. */
public final class LogRetention {
    static final List<Integer> DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
            2192, 2557, 2922, 3288, 3653);
    static final String ALLOWED_TEXT = DAYS.stream().map(String::valueOf).collect(Collectors.joining(", "));

    private LogRetention() {
    }

    static boolean allows(String value) {
        return value.matches("\\d{1,4}") && DAYS.contains(Integer.parseInt(value));
    }
}

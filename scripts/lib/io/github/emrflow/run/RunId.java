package io.github.emrflow.run;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Run ids: readable, sortable by start time, unique: 20261125-151200-3fa2c1 for a run started by
 * run.java, 20261125-060000-9b1e04d7 (8 hex digits) for one a schedule started, whose id the state
 * machine derives from the execution's start time and a random suffix.
 */
public final class RunId {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("\\d{8}-\\d{6}-([0-9a-f]{6}|[0-9a-f]{8})");

    private RunId() {
    }

    public static String next() {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return STAMP.format(Instant.now()) + "-" + HexFormat.of().formatHex(suffix);
    }

    public static boolean isValid(String id) {
        return SHAPE.matcher(id).matches();
    }
}

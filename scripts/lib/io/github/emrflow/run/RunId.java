package io.github.emrflow.run;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Run ids: readable, sortable by start time, unique (20261125-151200-3fa2c1). */
public final class RunId {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{6}");

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

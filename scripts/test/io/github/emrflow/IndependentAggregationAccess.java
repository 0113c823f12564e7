package io.github.emrflow;

import java.nio.file.Path;
import java.util.Map;

/** Lets tests outside this package use the plain-Java oracle. */
public final class IndependentAggregationAccess {
    private IndependentAggregationAccess() {
    }

    public static Map<String, long[]> maxMin(Path csv, String column) {
        return IndependentAggregation.maxMin(csv, column);
    }
}

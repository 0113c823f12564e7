package io.github.emrflow.results;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Nice tick values for a linear scale from 0: the first step of 1, 2 or 5 x 10^n that covers
 * {@code max} in at most five steps (3 to 6 ticks). The terminal chart and the report page both use
 * it, so they agree on where the ticks are. BigDecimal keeps 0.2 x 3 from printing as 0.6000000001.
 */
public final class Ticks {
    private Ticks() {
    }

    public static List<BigDecimal> linear(double max) {
        double top = max > 0 ? max : 1;
        for (int exp = (int) Math.floor(Math.log10(top / 5)); ; exp++) {
            for (int m : new int[] {1, 2, 5}) {
                BigDecimal step = BigDecimal.valueOf(m).scaleByPowerOfTen(exp);
                long steps = (long) Math.ceil(top / step.doubleValue());
                if (steps <= 5) {
                    List<BigDecimal> ticks = new ArrayList<>();
                    for (long k = 0; k <= steps; k++) {
                        ticks.add(step.multiply(BigDecimal.valueOf(k)));
                    }
                    return List.copyOf(ticks);
                }
            }
        }
    }
}

package io.github.emrflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.emrflow.schedule.ScheduleExpression;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What EventBridge Scheduler accepts as cron fields and rates (its user guide's rules), checked before any call. */
class ScheduleExpressionTest {
    @ParameterizedTest
    @ValueSource(strings = {"0 6 * * ? *", "0/15 * * * ? *", "0 8 ? * MON-FRI *", "30 23 L * ? *", "0 12 ? * 6#3 *",
            "0 0 1,15 JAN,JUL ? 2027", "5 4 15W * ? *", "0 10 ? * 2L *", "0 18 ? * SUN 2026-2030"})
    void cronFieldsSchedulerAccepts(String fields) {
        assertThat(ScheduleExpression.cron(fields).expression()).isEqualTo("cron(" + fields + ")");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 6 * * * *|exactly one of day-of-month and day-of-week",
        "0 6 ? * ? *|exactly one of day-of-month and day-of-week",
        "0 6 1 * MON *|exactly one of day-of-month and day-of-week",
        "0 6 * *|it has 4 field(s)",
        "0 6 * * ? * *|it has 7 field(s)",
        "60 6 * * ? *|minutes '60' is out of range",
        "0 24 * * ? *|hours '24' is out of range",
        "0 6 32 * ? *|day-of-month '32' is out of range",
        "0 6 * 13 ? *|month '13' is out of range",
        "0 6 ? * 8 *|day-of-week '8' is out of range",
        "0 6 * * ? 1969|year '1969' is out of range",
        "0/0 6 * * ? *|bad increment",
        "? 6 * * ? *|may not be '?'",
        "cron(0 6 * * ? *)|without the cron(...) wrapper"})
    void cronFieldsSchedulerRefuses(String fields, String why) {
        assertThatThrownBy(() -> ScheduleExpression.cron(fields)).isInstanceOf(UserError.class).hasMessageContaining(why)
                .hasMessageStartingWith("--cron \"" + fields + "\" is not a schedule Scheduler accepts");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1 minute|rate(1 minute)", "5 minutes|rate(5 minutes)", "1 hour|rate(1 hour)", "2 days|rate(2 days)"})
    void ratesSchedulerAccepts(String rate, String expression) {
        assertThat(ScheduleExpression.rate(rate).expression()).isEqualTo(expression);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0 hours|1 or more", "1 hours|Scheduler wants \"1 hour\"", "2 hour|Scheduler wants \"2 hours\"",
            "1 week|not minute(s), hour(s) or day(s)", "hourly|write a whole number and a unit", "rate(1 hour)|without the rate(...) wrapper",
            "-1 hour|write a whole number"})
    void ratesSchedulerRefuses(String rate, String why) {
        assertThatThrownBy(() -> ScheduleExpression.rate(rate)).isInstanceOf(UserError.class).hasMessageContaining(why);
    }
}

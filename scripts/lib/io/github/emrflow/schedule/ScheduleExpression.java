package io.github.emrflow.schedule;

import io.github.emrflow.UserError;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schedule as EventBridge Scheduler takes it, given without its wrapper: six cron fields
 * ({@code 0 6 * * ? *}) or a rate ({@code 1 hour}). Checked here the way Scheduler checks it, so a
 * typo stops schedule.java with one line before anything is created, rather than as a
 * ValidationException after the group exists.
 */
public record ScheduleExpression(Kind kind, String body) {
    public enum Kind { CRON, RATE }

    private static final Pattern RATE = Pattern.compile("(\\d{1,9}) +([a-z]+)");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    /** Field: name, lowest, highest, the names it also takes (index 0 is the lowest value). */
    private record Field(String name, int min, int max, List<String> names) {
    }

    private static final Field[] FIELDS = {
        new Field("minutes", 0, 59, List.of()),
        new Field("hours", 0, 23, List.of()),
        new Field("day-of-month", 1, 31, List.of()),
        new Field("month", 1, 12, MONTHS),
        new Field("day-of-week", 1, 7, DAYS),
        new Field("year", 1970, 2199, List.of()),
    };

    /** What Scheduler's ScheduleExpression parameter takes: cron(...) or rate(...). */
    public String expression() {
        return (kind == Kind.CRON ? "cron(" : "rate(") + body + ")";
    }

    /** The six fields, e.g. "0 6 * * ? *" (06:00 UTC every day). */
    public static ScheduleExpression cron(String text) {
        String body = text.trim().replaceAll("\\s+", " ");
        if (body.startsWith("cron(")) {
            throw bad("--cron", text, "give the six fields without the cron(...) wrapper, e.g. --cron \"0 6 * * ? *\"");
        }
        String[] fields = body.split(" ");
        if (fields.length != 6) {
            throw bad("--cron", text, "it has " + fields.length + " field(s); Scheduler takes six: minutes hours day-of-month month day-of-week year, e.g. \"0 6 * * ? *\"");
        }
        for (int i = 0; i < 6; i++) {
            String problem = check(FIELDS[i], fields[i].toUpperCase(Locale.ROOT), i);
            if (problem != null) {
                throw bad("--cron", text, FIELDS[i].name() + " '" + fields[i] + "' " + problem);
            }
        }
        boolean dayOfMonthAny = fields[2].equals("?");
        boolean dayOfWeekAny = fields[4].equals("?");
        if (dayOfMonthAny == dayOfWeekAny) {
            throw bad("--cron", text, "exactly one of day-of-month and day-of-week must be '?' (Scheduler refuses both set or both '?'), e.g. \"0 6 * * ? *\" or \"0 6 ? * MON-FRI *\"");
        }
        return new ScheduleExpression(Kind.CRON, String.join(" ", fields).toUpperCase(Locale.ROOT));
    }

    /** A value and a unit: "1 hour", "15 minutes", "2 days" (singular for 1, plural above, as Scheduler wants). */
    public static ScheduleExpression rate(String text) {
        String body = text.trim().replaceAll("\\s+", " ");
        if (body.startsWith("rate(")) {
            throw bad("--rate", text, "give the value and unit without the rate(...) wrapper, e.g. --rate \"1 hour\"");
        }
        Matcher m = RATE.matcher(body);
        if (!m.matches()) {
            throw bad("--rate", text, "write a whole number and a unit, e.g. \"1 hour\", \"30 minutes\", \"2 days\"");
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (value < 1) {
            throw bad("--rate", text, "the value must be 1 or more");
        }
        String singular = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
        if (!List.of("minute", "hour", "day").contains(singular)) {
            throw bad("--rate", text, "unit '" + unit + "' is not minute(s), hour(s) or day(s)");
        }
        boolean plural = unit.endsWith("s");
        if (value == 1 && plural || value > 1 && !plural) {
            throw bad("--rate", text, "Scheduler wants \"" + value + " " + (value == 1 ? singular : singular + "s") + "\"");
        }
        return new ScheduleExpression(Kind.RATE, value + " " + unit);
    }

    /** Reads what Scheduler returns (cron(...) or rate(...)); null for another kind (at(...)). */
    public static ScheduleExpression parse(String expression) {
        if (expression.startsWith("cron(") && expression.endsWith(")")) {
            return new ScheduleExpression(Kind.CRON, expression.substring(5, expression.length() - 1));
        }
        if (expression.startsWith("rate(") && expression.endsWith(")")) {
            return new ScheduleExpression(Kind.RATE, expression.substring(5, expression.length() - 1));
        }
        return null;
    }

    /** Null when the field is one Scheduler accepts, else what is wrong with it. */
    private static String check(Field field, String value, int index) {
        if (value.equals("?")) {
            return index == 2 || index == 4 ? null : "may not be '?' (only day-of-month or day-of-week may)";
        }
        if (index == 2 && (value.equals("L") || value.equals("LW") || value.matches("\\d{1,2}W") && inRange(field, value.substring(0, value.length() - 1)))) {
            return null;
        }
        if (index == 4 && (value.matches("[1-7]L|[A-Z]{3}L") && isValue(field, value.substring(0, value.length() - 1))
                || value.matches("([1-7]|[A-Z]{3})#[1-5]") && isValue(field, value.substring(0, value.indexOf('#'))))) {
            return null;
        }
        for (String item : value.split(",", -1)) {
            String range = item;
            if (item.contains("/")) {
                String[] step = item.split("/", -1);
                if (step.length != 2 || !step[1].matches("\\d{1,4}") || Integer.parseInt(step[1]) < 1) {
                    return "has a bad increment in '" + item + "' (write START/STEP, e.g. 0/15)";
                }
                range = step[0];
            }
            if (range.equals("*")) {
                continue;
            }
            String[] ends = range.split("-", -1);
            if (ends.length > 2 || ends.length == 0) {
                return "has a bad range '" + item + "'";
            }
            for (String end : ends) {
                if (!isValue(field, end)) {
                    return "is out of range: " + field.name() + " takes " + field.min() + "-" + field.max()
                            + (field.names().isEmpty() ? "" : " or " + field.names().get(0) + "-" + field.names().get(field.names().size() - 1))
                            + ", with , - * /" + (index == 2 ? " L W" : index == 4 ? " L #" : "");
                }
            }
        }
        return null;
    }

    private static boolean isValue(Field field, String text) {
        return field.names().contains(text) || inRange(field, text);
    }

    private static boolean inRange(Field field, String text) {
        if (!text.matches("\\d{1,4}")) {
            return false;
        }
        int n = Integer.parseInt(text);
        return n >= field.min() && n <= field.max();
    }

    private static UserError bad(String option, String given, String why) {
        return UserError.badInput(option + " \"" + given + "\" is not a schedule Scheduler accepts: " + why);
    }
}

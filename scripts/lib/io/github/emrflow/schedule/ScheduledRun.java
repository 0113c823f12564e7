package io.github.emrflow.schedule;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emrflow.render.JsonDocuments;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One schedule of the project as schedule.java --list shows it. */
public record ScheduledRun(String name, String expression, String state, Map<String, String> parameters) {

    public static String table(List<ScheduledRun> runs) {
        if (runs.isEmpty()) {
            return "no schedules (create one with ./jbang schedule.java --cron \"0 6 * * ? *\")\n";
        }
        StringBuilder sb = new StringBuilder(String.format("%-20s %-28s %-9s %s%n", "NAME", "SCHEDULE (UTC)", "STATE", "PARAMETERS"));
        for (ScheduledRun r : runs) {
            String params = r.parameters.isEmpty() ? "(defaults)"
                    : r.parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
            sb.append(String.format("%-20s %-28s %-9s %s%n", r.name, r.expression, r.state, params));
        }
        return sb.toString();
    }

    public static String json(List<ScheduledRun> runs) {
        ObjectNode root = JsonDocuments.mapper().createObjectNode();
        ArrayNode list = root.putArray("schedules");
        for (ScheduledRun r : runs) {
            ObjectNode o = list.addObject();
            o.put("name", r.name).put("expression", r.expression).put("state", r.state);
            ObjectNode p = o.putObject("parameters");
            r.parameters.forEach(p::put);
        }
        return JsonDocuments.pretty(root) + "\n";
    }
}

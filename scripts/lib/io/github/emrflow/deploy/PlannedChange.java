package io.github.emrflow.deploy;

import java.util.List;

/** One resource in a deployment plan: what it is, what will happen to it and why. */
public record PlannedChange(String kind, String name, Action action, List<String> reasons, Runnable apply) {

    public enum Action {
        CREATE("created", "would create"),
        UPDATE("updated", "would update"),
        UNCHANGED("unchanged", "unchanged"),
        /** A resource a setting no longer asks for (e.g. the alert rule once notify.* is emptied). */
        DELETE("deleted", "would delete");

        private final String done;
        private final String planned;

        Action(String done, String planned) {
            this.done = done;
            this.planned = planned;
        }

        public String done() { return done; }

        public String planned() { return planned; }

        /** What happens to a resource given whether it exists and what about it differs. */
        static Action of(boolean exists, List<String> reasons) {
            return !exists ? CREATE : reasons.isEmpty() ? UNCHANGED : UPDATE;
        }
    }

    /** The plan line, e.g. "  role           demo-sfn        updated (permissions)". */
    public String line(boolean dryRun) {
        String verb = dryRun ? action.planned() : action.done();
        String why = reasons.isEmpty() || action != Action.UPDATE ? "" : " (" + String.join(", ", reasons) + ")";
        return String.format("  %-14s %-52s %s%s", kind, name, verb, why);
    }
}

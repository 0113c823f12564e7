package io.github.emrflow.config;

import io.github.emrflow.UserError;
import java.util.function.Function;

/**
 * The failure-alert keys across each other and the region: one destination, in the project's
 * region, since an EventBridge rule publishes only to a topic of its own region (without a
 * cross-region event bus, which emrflow does not set up).
 */
final class AlertSettings {
    private AlertSettings() {
    }

    static void check(Config config, Function<String, String> sourceOf) {
        String topic = config.get(Setting.NOTIFY_SNS_TOPIC);
        if (!topic.isEmpty() && !config.get(Setting.NOTIFY_EMAIL).isEmpty()) {
            throw UserError.badInput(sourceOf.apply(Setting.NOTIFY_EMAIL.key()) + ": set either '" + Setting.NOTIFY_SNS_TOPIC.key() + "' or '"
                    + Setting.NOTIFY_EMAIL.key() + "', not both (subscribe the address to your topic instead)");
        }
        if (!topic.isEmpty()) {
            String topicRegion = topic.split(":")[3];
            if (!topicRegion.equals(config.region())) {
                throw UserError.badInput(sourceOf.apply(Setting.NOTIFY_SNS_TOPIC.key()) + ": '" + Setting.NOTIFY_SNS_TOPIC.key() + "' is a topic in "
                        + topicRegion + " but the project deploys to " + config.region() + ": use a topic in " + config.region());
            }
        }
    }
}

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.config.Project;
import io.github.emrflow.render.JsonDocuments;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Failure alerts on the emulator: the rule's pattern names only this state machine and its target
 * is the topic; notify.email creates a tagged topic and an e-mail subscription; a failed run
 * publishes one readable message (the emulator delivers Step Functions status events to rules'
 * SNS targets, checking the topic policy); removing the setting deletes the rule; a topic in
 * another region is refused with one line before anything is deployed.
 */
class AlertsOnEmulatorTest {
    @TempDir
    static Path dir;
    static Emulator emulator;
    static EventBridgeClient events;
    static SnsClient sns;

    @BeforeAll
    static void start() {
        EmulatorProject.useEmulatorCredentials();
        emulator = Emulator.start();
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        URI endpoint = URI.create(emulator.endpoint());
        events = EventBridgeClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
        sns = SnsClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static ScriptResult deploy(Project project, String... extra) {
        return ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator, extra));
    }

    @Test
    void emailAlertsCreateTopicSubscriptionAndARuleOnThisStateMachineOnly() throws Exception {
        Project project = TestProjects.create(dir.resolve("mail"), "notify.email=team@example.com");
        ScriptResult deployed = deploy(project);
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        assertThat(deployed.out()).containsPattern("topic +emrflow-test-alerts +created").containsPattern("alert rule +emrflow-test-failed-runs +created");
        String topicArn = "arn:aws:sns:us-east-1:123456789012:emrflow-test-alerts";
        assertThat(sns.listTagsForResource(b -> b.resourceArn(topicArn)).tags()).anyMatch(t -> t.key().equals("emrflow:project"));
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions())
                .anyMatch(s -> s.protocol().equals("email") && s.endpoint().equals("team@example.com"));
        String policy = sns.getTopicAttributes(b -> b.topicArn(topicArn)).attributes().get("Policy");
        assertThat(policy).contains("events.amazonaws.com", "arn:aws:events:us-east-1:123456789012:rule/emrflow-test-failed-runs");

        var rule = events.describeRule(b -> b.name("emrflow-test-failed-runs"));
        JsonNode pattern = JsonDocuments.parse("pattern", rule.eventPattern());
        assertThat(pattern.at("/detail/stateMachineArn")).hasSize(1);
        assertThat(pattern.at("/detail/stateMachineArn/0").asText()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:emrflow-test-workflow");
        assertThat(pattern.at("/detail/status").toString()).isEqualTo("[\"FAILED\",\"TIMED_OUT\",\"ABORTED\"]");
        var targets = events.listTargetsByRule(b -> b.rule("emrflow-test-failed-runs")).targets();
        assertThat(targets).hasSize(1);
        assertThat(targets.get(0).arn()).isEqualTo(topicArn);

        io.github.emrflow.WriteCallCounter.reset();
        ScriptResult again = deploy(project);
        assertThat(io.github.emrflow.WriteCallCounter.writes()).as(io.github.emrflow.WriteCallCounter.calls().toString()).isEmpty();
        assertThat(again.out()).as(again.toString()).containsPattern("topic +emrflow-test-alerts +unchanged")
                .containsPattern("alert rule +emrflow-test-failed-runs +unchanged");

        // A failed run: one readable message on the topic.
        emulator.fault("{\"jobRun\": {\"state\": \"FAILED\", \"stateDetails\": \"Job failed: ExecutorLostFailure (disk full)\"}}");
        ScriptResult run = ScriptResult.run(new run(), EmulatorProject.args(project, emulator));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        JsonNode alerts = awaitAlerts();
        assertThat(alerts).as(alerts.toString()).hasSize(1);
        String message = alerts.get(0).path("message").asText();
        assertThat(message).as(alerts.toString()).startsWith("emrflow project emrflow-test: run run-").contains(" ended FAILED at ",
                "error: emrflow.RunFailed", "cause: ", "disk full", "console: https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/arn:aws:states:");

        // Alerts off: the rule and the topic deploy made go.
        Files.writeString(project.root().resolve("emrflow.properties"), "bucket=emrflow-test-bucket\nname.prefix=emrflow-test\n");
        ScriptResult off = deploy(project);
        assertThat(off.out()).as(off.toString()).containsPattern("alert rule +emrflow-test-failed-runs +deleted")
                .containsPattern("topic +emrflow-test-alerts +deleted");
        assertThat(events.listRules(b -> b.namePrefix("emrflow-test")).rules()).isEmpty();
        ScriptResult destroyed = ScriptResult.run(new destroy(), EmulatorProject.args(project, emulator, "--yes", "--delete-data"));
        assertThat(destroyed.exitCode()).as(destroyed.toString()).isZero();
    }

    @Test
    void aTopicInAnotherRegionIsRefusedInOneLineAndNothingIsDeployed() {
        Project project = TestProjects.create(dir.resolve("far"), "notify.sns.topic=arn:aws:sns:eu-west-1:123456789012:alerts");
        ScriptResult r = deploy(project);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errorLines()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("notify.sns.topic", "eu-west-1", "us-east-1");
        assertThat(events.listRules(b -> b.namePrefix("emrflow-test")).rules()).isEmpty();
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (var sfn = software.amazon.awssdk.services.sfn.SfnClient.builder().region(Region.US_EAST_1).credentialsProvider(creds)
                .endpointOverride(URI.create(emulator.endpoint())).build()) {
            assertThat(sfn.listStateMachines().stateMachines()).noneMatch(m -> m.name().startsWith("emrflow-test"));
        }
    }

    @Test
    void aUsersTopicGetsOnlyOurStatementAndKeepsItsOwn() {
        String topicArn = sns.createTopic(b -> b.name("team-alerts")).topicArn();
        Project project = TestProjects.create(dir.resolve("own"), "name.prefix=emrflow-own", "notify.sns.topic=" + topicArn);
        ScriptResult deployed = deploy(project);
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        String policy = sns.getTopicAttributes(b -> b.topicArn(topicArn)).attributes().get("Policy");
        assertThat(policy).contains("EventBridgePublishesThisProjectsFailedRuns", "__default_statement_ID");
        ScriptResult destroyed = ScriptResult.run(new destroy(), EmulatorProject.args(project, emulator, "--yes", "--delete-data"));
        assertThat(destroyed.exitCode()).as(destroyed.toString()).isZero();
        assertThat(sns.getTopicAttributes(b -> b.topicArn(topicArn)).attributes().get("Policy"))
                .doesNotContain("EventBridgePublishesThisProjectsFailedRuns").contains("__default_statement_ID");
        assertThat(events.listRules(b -> b.namePrefix("emrflow-own")).rules()).isEmpty();
    }

    private static JsonNode awaitAlerts() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            JsonNode alerts = JsonDocuments.parse("alerts", emulator.alerts());
            if (alerts.size() > 0) {
                return alerts;
            }
            Thread.sleep(100);
        }
        return JsonDocuments.parse("alerts", emulator.alerts());
    }
}

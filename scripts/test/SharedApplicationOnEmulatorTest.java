import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.JobRunner;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.WriteCallCounter;
import io.github.emrflow.config.Project;
import io.github.emrflow.render.JsonDocuments;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.Application;
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * application.mode=shared end to end on the emulator: deploy creates one tagged application and
 * renders its id into the workflow, runs use it and leave it in place, a config change updates it
 * (stopped first), a deploy under a running job is refused, destroy cancels its job runs and
 * deletes it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedApplicationOnEmulatorTest {
    private static final String NAME = "emrflow-test-shared";
    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:emrflow-test-workflow";

    @TempDir
    static Path dir;
    static Emulator emulator;
    static Project project;
    static EmrServerlessClient emr;
    static SfnClient sfn;
    static IamClient iam;
    static String applicationId;

    @BeforeAll
    static void start() {
        EmulatorProject.useEmulatorCredentials();
        project = TestProjects.create(dir.resolve("p"), config("driver=1,executor=1", 1));
        // The job really runs (local Spark), so a job started by hand holds the one slot for seconds.
        emulator = Emulator.start("--job-runner", JobRunner.command(project));
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        URI endpoint = URI.create(emulator.endpoint());
        emr = EmrServerlessClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
        sfn = SfnClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
        iam = IamClient.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint).build();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static String[] config(String initialCapacity, int maxConcurrentRuns) {
        return new String[] {"application.mode=shared", "application.initial.capacity=" + initialCapacity,
                "application.max.concurrent.runs=" + maxConcurrentRuns, "auto.stop.idle.minutes=15"};
    }

    private static void reconfigure(String initialCapacity, int maxConcurrentRuns) throws Exception {
        Files.writeString(project.configFile(), "bucket=emrflow-test-bucket\nname.prefix=emrflow-test\n"
                + String.join("\n", config(initialCapacity, maxConcurrentRuns)) + "\n");
    }

    private static ScriptResult deploy() {
        WriteCallCounter.reset();
        return ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator));
    }

    private static ScriptResult run() {
        return ScriptResult.run(new run(), EmulatorProject.args(project, emulator));
    }

    private static List<Application> sharedApplications() {
        List<Application> apps = new ArrayList<>();
        for (var summary : emr.listApplicationsPaginator(b -> b.maxResults(50)).applications()) {
            if (NAME.equals(summary.name()) && summary.state() != ApplicationState.TERMINATED) {
                apps.add(emr.getApplication(b -> b.applicationId(summary.id())).application());
            }
        }
        return apps;
    }

    private static Application application() {
        return emr.getApplication(b -> b.applicationId(applicationId)).application();
    }

    /** A job started by hand on the shared application, as another run (or a person) would. */
    private static String jobByHand(String name) {
        return emr.startJobRun(b -> b.applicationId(applicationId).name(name)
                .executionRoleArn("arn:aws:iam::123456789012:role/emrflow-test-emr-job")
                .jobDriver(d -> d.sparkSubmit(s -> s.entryPoint("s3://emrflow-test-bucket/jobs/salary-by-title.py")
                        .entryPointArguments("--input", "s3://emrflow-test-bucket/input/ds_salaries.csv",
                                "--output", "s3://emrflow-test-bucket/by-hand/" + name + "/output")))).jobRunId();
    }

    private static JobRunState jobState(String jobRunId) {
        return emr.getJobRun(b -> b.applicationId(applicationId).jobRunId(jobRunId)).jobRun().state();
    }

    private static void waitUntilFinished(String jobRunId) throws InterruptedException {
        for (int i = 0; i < 1200 && !List.of(JobRunState.SUCCESS, JobRunState.FAILED, JobRunState.CANCELLED).contains(jobState(jobRunId)); i++) {
            Thread.sleep(50);
        }
    }

    private static String jobRunOf(ScriptResult r) {
        Matcher m = Pattern.compile("job ([0-9a-z]+): SUCCESS").matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    @Test
    @Order(0)
    void aDryRunPlansTheApplicationBeforeTheRolesAndWritesNothing() {
        WriteCallCounter.reset();
        ScriptResult r = ScriptResult.run(new deploy(), EmulatorProject.args(project, emulator, "--dry-run"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(WriteCallCounter.writes()).isEmpty();
        List<String> plan = r.out().lines().filter(l -> l.startsWith("  ")).toList();
        // bucket, script, input, application, job role, workflow role, state machine, scheduler role
        assertThat(plan).hasSize(8).allMatch(l -> l.endsWith("would create"));
        assertThat(plan.get(3)).startsWith("  application    " + NAME);
        assertThat(plan.get(4)).contains("emrflow-test-emr-job");
        assertThat(r.out()).contains("initial capacity: 1 driver(s) + 1 executor(s) pre-initialised cost $0.1284/h ($3.08/day)");
        assertThat(sharedApplications()).isEmpty();
    }

    @Test
    @Order(1)
    void deployCreatesOneTaggedApplicationAndRendersItsIdIntoTheWorkflow() {
        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("(?m)^  application +" + NAME + " +created$")
                .contains("initial capacity: 1 driver(s) + 1 executor(s) pre-initialised cost $0.1284/h ($3.08/day)");
        List<Application> apps = sharedApplications();
        assertThat(apps).hasSize(1);
        Application app = apps.get(0);
        applicationId = app.applicationId();
        assertThat(app.tags()).containsEntry("emrflow:project", "emrflow-test");
        assertThat(app.autoStartConfiguration().enabled()).isTrue();
        assertThat(app.autoStopConfiguration().idleTimeoutMinutes()).isEqualTo(15);
        assertThat(app.initialCapacity()).containsOnlyKeys("DRIVER", "EXECUTOR");
        assertThat(app.initialCapacity().get("EXECUTOR").workerConfiguration().memory()).isEqualTo("2 GB");
        assertThat(app.schedulerConfiguration().maxConcurrentRuns()).isEqualTo(1);
        assertThat(app.schedulerConfiguration().queueTimeoutMinutes()).isEqualTo(360);

        JsonNode definition = JsonDocuments.parse("definition", sfn.describeStateMachine(b -> b.stateMachineArn(MACHINE)).definition());
        assertThat(definition.path("StartAt").asText()).isEqualTo("HasRunId"); // the run-id states first, in both modes
        assertThat(definition.at("/States/ListTheArguments/Next").asText()).isEqualTo("UseSharedApplication");
        assertThat(definition.at("/States/UseSharedApplication/Result/ApplicationId").asText()).isEqualTo(applicationId);
        assertThat(definition.path("States").has("CreateApplication")).isFalse();
        String policy = URLDecoder.decode(iam.getRolePolicy(b -> b.roleName("emrflow-test-sfn").policyName("emrflow-test-sfn-access"))
                .policyDocument(), StandardCharsets.UTF_8);
        assertThat(policy).contains("\"RunJobsOnTheSharedApplication\"", app.arn()).doesNotContain("emr-serverless:CreateApplication");
    }

    @Test
    @Order(2)
    void aSecondDeployWithNothingChangedWritesNothing() {
        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("everything is up to date");
        assertThat(WriteCallCounter.writes()).isEmpty();
    }

    @Test
    @Order(3)
    void twoRunsUseTheOneApplicationAndLeaveItInPlace() {
        emulator.reset();
        ScriptResult first = run();
        ScriptResult second = run();
        for (ScriptResult r : List.of(first, second)) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("> UseSharedApplication", "ok UseSharedApplication (", "application " + applicationId, "> RunJob")
                    .doesNotContain("CreateApplication", "StopApplication", "DeleteApplication");
        }
        String firstJob = jobRunOf(first);
        String secondJob = jobRunOf(second);
        assertThat(firstJob).isNotEqualTo(secondJob);
        // Both job runs are on the one application, which is still there.
        assertThat(jobState(firstJob)).isEqualTo(JobRunState.SUCCESS);
        assertThat(jobState(secondJob)).isEqualTo(JobRunState.SUCCESS);
        assertThat(sharedApplications()).extracting(Application::applicationId).containsExactly(applicationId);
        assertThat(application().state()).isNotEqualTo(ApplicationState.TERMINATED);
        assertThat(emulator.calls()).doesNotContain("createApplication", "deleteApplication", "stopApplication");
    }

    @Test
    @Order(4)
    void aRunBeyondTheConcurrencyLimitIsWatchedWhileQueued() throws Exception {
        String other = jobByHand("someone-else");
        ScriptResult r = run();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("job [0-9a-z]+: QUEUED, waiting for a free slot \\(application.max.concurrent.runs\\) \\(after \\d")
                .containsPattern("job [0-9a-z]+: SUCCESS");
        assertThat(jobState(other)).isEqualTo(JobRunState.SUCCESS);
    }

    @Test
    @Order(5)
    void aFailedJobGoesStraightToTheFailAndLeavesTheApplication() {
        emulator.fault("{\"jobRun\": {\"state\": \"FAILED\", \"stateDetails\": \"Injected: executor lost\"}}");
        ScriptResult r = run();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("> RunJob", "caught RunJob", "> DescribeFailure", "> Failed")
                .doesNotContain("StopApplication", "DeleteApplication", "HadApplication");
        assertThat(r.out() + r.err()).contains("Injected: executor lost");
        assertThat(sharedApplications()).extracting(Application::applicationId).containsExactly(applicationId);
    }

    @Test
    @Order(6)
    void aConfigChangeStopsAndUpdatesTheSameApplication() throws Exception {
        reconfigure("driver=1", 2);
        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("  application    " + NAME + " (" + applicationId + ")")
                .contains("updated (initial capacity, job concurrency)")
                .contains("initial capacity: 1 driver(s) + 0 executor(s) pre-initialised cost $0.0642/h ($1.54/day)");
        assertThat(WriteCallCounter.writes()).isNotEmpty().allMatch(w -> w.endsWith(":StopApplication") || w.endsWith(":UpdateApplication"))
                .anyMatch(w -> w.endsWith(":UpdateApplication"));
        Application app = application();
        assertThat(sharedApplications()).extracting(Application::applicationId).containsExactly(applicationId);
        assertThat(app.schedulerConfiguration().maxConcurrentRuns()).isEqualTo(2);
        assertThat(app.initialCapacity()).containsOnlyKeys("DRIVER");

        ScriptResult again = deploy();
        assertThat(again.out()).as(again.toString()).contains("everything is up to date");
        assertThat(WriteCallCounter.writes()).isEmpty();
    }

    @Test
    @Order(7)
    void aChangeThatWouldStopTheApplicationUnderARunningJobIsRefused() throws Exception {
        String running = jobByHand("long-job");
        reconfigure("driver=1", 3);
        ScriptResult r = deploy();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.startsWith("error:")).toList()).containsExactly("error: the shared application "
                + applicationId + " must be stopped to change its job concurrency, but 1 job run(s) on it have not finished:"
                + " deploy again when they have (nothing was changed)");
        assertThat(WriteCallCounter.writes()).isEmpty();
        assertThat(application().schedulerConfiguration().maxConcurrentRuns()).isEqualTo(2);
        waitUntilFinished(running);
        reconfigure("driver=1", 2);
    }

    @Test
    @Order(8)
    void destroyCancelsUnfinishedJobRunsAndDeletesTheApplication() {
        String unfinished = jobByHand("left-running");
        ScriptResult r = ScriptResult.run(new destroy(), EmulatorProject.args(project, emulator, "--yes"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("cancelled job run " + unfinished, "deleted application " + applicationId);
        assertThat(jobState(unfinished)).isEqualTo(JobRunState.CANCELLED);
        assertThat(application().state()).isEqualTo(ApplicationState.TERMINATED);
        assertThat(sharedApplications()).isEmpty();
        try {
            sfn.describeStateMachine(b -> b.stateMachineArn(MACHINE));
            throw new AssertionError("the state machine is still there");
        } catch (StateMachineDoesNotExistException expected) {
            // gone, as it should be
        }
    }
}

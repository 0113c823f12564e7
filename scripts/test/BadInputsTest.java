import static org.assertj.core.api.Assertions.assertThat;

import io.github.emrflow.aws.AwsErrors;
import io.github.emrflow.Emulator;
import io.github.emrflow.EmulatorProject;
import io.github.emrflow.results.LocalRuns;
import io.github.emrflow.results.RunRecord;
import io.github.emrflow.config.Project;
import io.github.emrflow.run.RunId;
import io.github.emrflow.ScriptResult;
import io.github.emrflow.TestProjects;
import io.github.emrflow.UserError;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The bad inputs and faults of docs/reliability.md that no other test tries: each gets exactly the
 * one line the doc (and the README's troubleshooting section) shows, and its exit code. The lines
 * are compared whole, so a changed message fails here before the docs go stale.
 */
class BadInputsTest {
    @TempDir
    static Path dir;
    static Emulator emulator;

    @BeforeAll
    static void start() {
        EmulatorProject.useEmulatorCredentials();
        // Job runs take a few seconds (and write nothing): long enough to outlast run.java --timeout 1s.
        emulator = Emulator.start("--job-delay-seconds", "4");
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static void assertOneLine(ScriptResult r, int exit, String line) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
        assertThat(r.err().lines().filter(l -> l.startsWith("error:")).toList()).as(r.toString()).containsExactly(line);
        assertThat(r.err()).doesNotContain("\tat ");
    }

    private static Project project(String name, String... config) {
        return TestProjects.create(dir.resolve(name), config);
    }

    private static Project project(String name, String bucket, String prefix) throws IOException {
        Project p = TestProjects.create(dir.resolve(name));
        Files.writeString(p.configFile(), "bucket=" + bucket + "\nname.prefix=" + prefix + "\n");
        return p;
    }

    // ---- the project folder and its config ---------------------------------------------------

    @Test
    void aFolderWithoutConfigSaysWhereToRunFrom() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("not-a-project"));
        assertOneLine(ScriptResult.run(new run(), "--local", "--project", empty.toString()), 2,
                "error: no emrflow.properties in " + empty + ": run from a generated emrflow project or pass --project DIR");
    }

    @Test
    void aProjectWithoutTemplatesSaysToRegenerate() throws IOException {
        Path p = Files.createDirectories(dir.resolve("no-templates"));
        Files.writeString(p.resolve("emrflow.properties"), "bucket=emrflow-test-bucket\nname.prefix=emrflow-test\n");
        assertOneLine(ScriptResult.run(new run(), "--local", "--project", p.toString()), 2,
                "error: no templates/ folder in " + p + ": the project is incomplete, regenerate it");
    }

    @Test
    void aBadConfigFileIsOneLineNamingTheKey() {
        Map<String, String> lines = Map.of(
                "buckets=x", "error: emrflow.properties: unknown key 'buckets'; known keys: bucket, region, name.prefix,"
                        + " emr.release.label, driver.cores, driver.memory.gb, executor.cores, executor.memory.gb, executor.instances,"
                        + " dynamic.allocation, worker.disk.gb, max.capacity.vcpu, max.capacity.memory.gb, max.capacity.disk.gb,"
                        + " auto.stop.idle.minutes, job.timeout.minutes, job.max.attempts, keep.application, application.mode,"
                        + " application.initial.capacity, application.max.concurrent.runs, application.queue.timeout.minutes,"
                        + " tags, logs.cloudwatch, logs.retention.days, iam.permissions.boundary, notify.sns.topic, notify.email,"
                        + " and job.NAME for the job's parameters (salary_column, title_filter)",
                "driver.memory.gb=9", "error: emrflow.properties: 'driver.memory.gb' is 9 but a 1-vCPU worker takes 2-8 GB",
                "max.capacity.vcpu=1", "error: emrflow.properties: 'max.capacity.vcpu' is 1 but the driver and one executor need 2 vCPU:"
                        + " raise it or shrink the workers",
                "region=moon-1", "error: emrflow.properties: 'region' is 'moon-1'; allowed: an AWS region code such as us-east-1 or eu-west-3",
                "bucket=Bad_Bucket", "error: emrflow.properties: 'bucket' is 'Bad_Bucket'; allowed: a valid S3 bucket name"
                        + " (3-63 chars: lowercase letters, digits, '-' and '.')",
                "job.title_filter=Data (", "error: emrflow.properties: parameter 'title_filter' is 'Data ('; allowed: a valid regular expression (empty allowed)",
                "tags=team", "error: emrflow.properties: 'tags' is 'team'; allowed: key=value[,key=value...] with keys of 1-128"
                        + " and values of 0-256 characters, not starting with aws: or emrflow:");
        int i = 0;
        for (Map.Entry<String, String> e : lines.entrySet()) {
            Project p = project("config-" + i++, e.getKey());
            assertOneLine(ScriptResult.run(new run(), "--local", "--project", p.root().toString()), 2, e.getValue());
        }
    }

    @Test
    void retriesOnAReleaseWithoutThemAreOneLineAndNothingIsDeployed() throws IOException {
        Project p = project("old-release", "old-release-bucket", "old-release");
        Files.writeString(p.configFile(), Files.readString(p.configFile()) + "emr.release.label=emr-7.0.0\njob.max.attempts=3\n");
        assertOneLine(ScriptResult.run(new deploy(), EmulatorProject.args(p, emulator)), 2,
                "error: emrflow.properties: 'job.max.attempts' is 3 but emr-7.0.0 has no job retries (EMR Serverless retries job runs"
                        + " from emr-7.1.0): set emr.release.label to emr-7.1.0 or later, or job.max.attempts to 1");
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(URI.create(emulator.endpoint()))
                .forcePathStyle(true).build()) {
            assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals("old-release-bucket"));
        }
    }

    @Test
    void aLogGroupOfTheProjectsNameButNotItsTagIsRefusedAndNothingIsWritten() throws IOException {
        Project p = project("log-squat", "log-squat-bucket", "log-squat");
        Files.writeString(p.configFile(), Files.readString(p.configFile()) + "logs.cloudwatch=true\n");
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        URI endpoint = URI.create(emulator.endpoint());
        try (var logs = software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient.builder().region(Region.US_EAST_1)
                     .credentialsProvider(creds).endpointOverride(endpoint).build();
             S3Client s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint)
                     .forcePathStyle(true).build()) {
            logs.createLogGroup(b -> b.logGroupName("/emrflow/log-squat/jobs"));
            assertOneLine(ScriptResult.run(new deploy(), EmulatorProject.args(p, emulator)), 2,
                    "error: log group /emrflow/log-squat/jobs exists but is not tagged emrflow:project=log-squat: it is not this"
                            + " project's; delete or tag it, or set logs.cloudwatch=false");
            assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals("log-squat-bucket"));
        }
    }

    @Test
    void badRetriesAndLogSettingsAreOneLine() {
        Map<String, String> lines = Map.of(
                "job.max.attempts=11", "error: emrflow.properties: 'job.max.attempts' is '11'; allowed: a whole number from 1 to 10",
                "logs.retention.days=13", "error: emrflow.properties: 'logs.retention.days' is '13'; allowed: one of the retention periods"
                        + " CloudWatch Logs allows: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,"
                        + " 2922, 3288, 3653",
                "logs.cloudwatch=yes", "error: emrflow.properties: 'logs.cloudwatch' is 'yes'; allowed: true or false");
        int i = 0;
        for (Map.Entry<String, String> e : lines.entrySet()) {
            Project p = project("ops-config-" + i++, e.getKey());
            assertOneLine(ScriptResult.run(new deploy(), EmulatorProject.args(p, emulator)), 2, e.getValue());
        }
    }

    @Test
    void badSharedApplicationSettingsAreOneLineAndNothingIsDeployed() {
        String shared = "application.mode=shared";
        Map<List<String>, String> lines = Map.of(
                List.of("application.mode=pooled"), "error: emrflow.properties: 'application.mode' is 'pooled'; allowed: per-run or shared",
                List.of(shared, "application.initial.capacity=driver=1,workers=2"),
                "error: emrflow.properties: 'application.initial.capacity' is 'driver=1,workers=2'; allowed: empty, or driver=N,executor=M"
                        + " with N from 0 to 100 and M from 0 to 1000, e.g. driver=1,executor=1",
                List.of(shared, "application.initial.capacity=driver=2,executor=3"),
                "error: emrflow.properties: 'application.initial.capacity' is driver=2,executor=3, 5 vCPU and 10 GB, more than the maximum"
                        + " capacity (4 vCPU, 8 GB): raise 'max.capacity.vcpu'/'max.capacity.memory.gb' or lower the workers",
                List.of(shared, "application.max.concurrent.runs=0"),
                "error: emrflow.properties: 'application.max.concurrent.runs' is '0'; allowed: a whole number from 1 to 1000",
                List.of(shared, "application.queue.timeout.minutes=5"),
                "error: emrflow.properties: 'application.queue.timeout.minutes' is '5'; allowed: a whole number from 15 to 720",
                List.of(shared, "emr.release.label=emr-7.2.0", "application.max.concurrent.runs=2"),
                "error: emrflow.properties: job concurrency ('application.max.concurrent.runs', 'application.queue.timeout.minutes')"
                        + " needs emr-7.3.0 or later, but 'emr.release.label' is emr-7.2.0: raise the release or remove them",
                List.of("application.initial.capacity=driver=1"),
                "error: emrflow.properties: 'application.initial.capacity' applies to a shared application only:"
                        + " set 'application.mode=shared' or remove it");
        int i = 0;
        for (Map.Entry<List<String>, String> e : lines.entrySet()) {
            Project p = project("shared-" + i++, e.getKey().toArray(String[]::new));
            io.github.emrflow.WriteCallCounter.reset();
            assertOneLine(ScriptResult.run(new deploy(), "--project", p.root().toString(), "--endpoint-url", emulator.endpoint()), 2, e.getValue());
            assertThat(io.github.emrflow.WriteCallCounter.writes()).as(e.getValue()).isEmpty();
        }
    }

    @Test
    void logsOptionsAreCheckedBeforeAnyAwsCall() {
        String p = project("logs-options").root().toString();
        assertOneLine(ScriptResult.run(new logs(), "--project", p, "--lines", "0"), 2,
                "error: --lines is 0: give 1 or more, or leave it out for the whole log");
        assertOneLine(ScriptResult.run(new logs(), "--project", p, "--attempt", "0"), 2, "error: --attempt is 0: attempts count from 1");
        assertOneLine(ScriptResult.run(new logs(), "--project", p, "--ui", "--follow"), 2,
                "error: --ui prints a link only: leave out --follow, --lines, --stdout and --stderr");
        ScriptResult both = ScriptResult.run(new logs(), "--project", p, "--stdout", "--stderr");
        assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void aConfigWithoutBucketSaysWhatABucketNameIs() throws IOException {
        Project p = project("no-bucket");
        Files.writeString(p.configFile(), "name.prefix=emrflow-test\n");
        assertOneLine(ScriptResult.run(new run(), "--local", "--project", p.root().toString()), 2,
                "error: emrflow.properties: 'bucket' is required: set it to a valid S3 bucket name"
                        + " (3-63 chars: lowercase letters, digits, '-' and '.')");
    }

    @Test
    void parametersOnTheCommandLineAreCheckedAgainstTheirDeclaration() {
        String p = project("overrides").root().toString();
        assertOneLine(ScriptResult.run(new run(), "--local", "--project", p, "--param", "salary_column=salary_in_eur"), 2,
                "error: --param: parameter 'salary_column' is 'salary_in_eur'; allowed: salary_in_usd, salary");
        assertOneLine(ScriptResult.run(new run(), "--local", "--project", p, "--param", "title_filter=(unclosed"), 2,
                "error: --param: parameter 'title_filter' is '(unclosed'; allowed: a valid regular expression (empty allowed)");
        assertOneLine(ScriptResult.run(new run(), "--local", "--project", p, "--param", "currency=EUR"), 2,
                "error: --param: 'currency' is not a parameter of job 'salary-by-title'; its parameters: salary_column, title_filter");
        assertOneLine(ScriptResult.run(new run(), "--local", "--project", p, "--param", "salary_column"), 2,
                "error: --param: 'salary_column' is not NAME=VALUE");
        Project experience = TestProjects.withJob(dir.resolve("experience"), TestProjects.EXPERIENCE_JOB);
        assertOneLine(ScriptResult.run(new run(), "--project", experience.root().toString(), "--param", "work_year=2019"), 2,
                "error: --param: parameter 'work_year' is '2019'; allowed: a whole number from 2020 to 2023");
    }

    @Test
    void anIncompleteOrInvalidJobDefinitionIsOneLineBeforeAnythingRuns() throws IOException {
        Project missing = project("missing-sql");
        Files.delete(missing.jobDir().resolve("query.sql"));
        assertOneLine(ScriptResult.run(new run(), "--local", "--project", missing.root().toString()), 2,
                "error: job definition incomplete: job/query.sql not found in " + missing.root()
                        + " (a job is job.json, schema.ddl and query.sql; see docs/adapt.md)");
        assertOneLine(ScriptResult.run(new deploy(), "--project", missing.root().toString(), "--dry-run"), 2,
                "error: job definition incomplete: job/query.sql not found in " + missing.root()
                        + " (a job is job.json, schema.ddl and query.sql; see docs/adapt.md)");

        Project noDefault = project("no-default");
        Path json = noDefault.jobDir().resolve("job.json");
        Files.writeString(json, Files.readString(json).replace("\"default\": \"\",", ""));
        assertOneLine(ScriptResult.run(new run(), "--local", "--project", noDefault.root().toString()), 2,
                "error: job/job.json parameter 'title_filter': has no default: give every parameter a default value"
                        + " (a run without --param uses it)");

        Project badDefault = project("bad-default");
        json = badDefault.jobDir().resolve("job.json");
        Files.writeString(json, Files.readString(json).replace("\"default\": \"salary_in_usd\"", "\"default\": \"salary_in_eur\""));
        assertOneLine(ScriptResult.run(new run(), "--local", "--project", badDefault.root().toString()), 2,
                "error: job/job.json parameter 'salary_column' default: parameter 'salary_column' is 'salary_in_eur';"
                        + " allowed: salary_in_usd, salary");

        Project unknownField = project("unknown-field");
        json = unknownField.jobDir().resolve("job.json");
        Files.writeString(json, Files.readString(json).replace("\"output\": [", "\"outputs\": [], \"output\": ["));
        assertOneLine(ScriptResult.run(new run(), "--local", "--project", unknownField.root().toString()), 2,
                "error: job/job.json: unknown field 'outputs'; known: chart, description, input, name, output, parameters, udfs");
    }

    // ---- local input ---------------------------------------------------------------------------

    @Test
    void aHeaderWithoutRowsAndOtherColumnsAreCaughtBeforeSparkStarts() throws IOException {
        Project p = project("input");
        String header = Files.readAllLines(TestProjects.dataset()).get(0);
        Path headerOnly = Files.writeString(dir.resolve("header-only.csv"), header + "\n");
        assertOneLine(ScriptResult.run(new run(), "--local", "--project", p.root().toString(), "--input", headerOnly.toString()), 2,
                "error: input file " + headerOnly + " has a header but no rows");
        Path fewer = Files.writeString(dir.resolve("fewer-columns.csv"),
                header.substring(0, header.lastIndexOf(',')) + "\n2023,SE,FT,X,1,USD,1,US,0,US\n");
        assertOneLine(ScriptResult.run(new run(), "--local", "--project", p.root().toString(), "--input", fewer.toString()), 2,
                "error: input file " + fewer + " has other columns than the schema in job/schema.ddl; missing: company_size");
    }

    @Test
    void tableOptionsAreCheckedWithOneLine() throws IOException {
        Project p = project("table-options");
        LocalRuns runs = new LocalRuns(p.runsDir());
        String id = RunId.next();
        Path staging = runs.stage(id);
        Files.createDirectories(staging.resolve("output"));
        Files.writeString(staging.resolve("output/part-00000.csv"), "job_title,max_salary,min_salary\nData Engineer,324000,12000\n");
        runs.writeRecord(staging, new RunRecord(id, "salary-by-title", "test", java.util.Map.of(), 0.1));
        runs.commit(id, staging);
        String root = p.root().toString();

        assertOneLine(ScriptResult.run(new results(), "--local", "--project", root, "--top", "0"), 2,
                "error: Invalid value for option '--top': 0 (it must be at least 1)");
        assertOneLine(ScriptResult.run(new results(), "--local", "--project", root, "--filter", "(x"), 2,
                "error: Invalid value for option '--filter': '(x' is not a valid regular expression: Unclosed group near index 2");
        assertOneLine(ScriptResult.run(new results(), "--local", "--project", root, "--sort", "salary"), 2,
                "error: --sort: 'salary' is not an output column of this job; its columns: job_title, max_salary, min_salary");
        ScriptResult xml = ScriptResult.run(new results(), "--local", "--project", root, "--format", "xml");
        assertOneLine(xml, 2, "error: Invalid value for option '--format': expected one of [table, csv, json] (case-insensitive) but was 'xml'");
        assertThat(xml.err()).contains("Usage: results.java", "Try 'results.java --help' for more information.");
    }

    // ---- options that are checked before AWS is called -----------------------------------------

    @Test
    void optionsThatAreForAnotherModeOrMalformedStopBeforeAnyAwsCall() {
        String p = project("options").root().toString();
        assertOneLine(ScriptResult.run(new run(), "--project", p, "--input", "my.csv"), 2,
                "error: --input is for --local runs; on AWS the job reads the uploaded input: `./jbang deploy.java --input FILE`");
        assertOneLine(ScriptResult.run(new run(), "--project", p, "--timeout", "5x"), 2,
                "error: --timeout '5x' is not a duration like 90s, 45m or 2h");
        assertOneLine(ScriptResult.run(new deploy(), "--project", p, "--endpoint-url", "localhost"), 2,
                "error: endpoint URL 'localhost' is not a URL like http://127.0.0.1:5000");
    }

    @Test
    void expiredCredentialsAndLastingThrottlingAreOneLineWithExitThree() {
        // S3 answers an expired session token with 400 ExpiredToken: the credentials line.
        S3Exception s3Expired = (S3Exception) S3Exception.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ExpiredToken").errorMessage("The provided token has expired.").build())
                .build();
        UserError rejected = AwsErrors.translate("s3:ListBucket", "my-bucket", s3Expired);
        assertThat(rejected.exitCode()).isEqualTo(3);
        assertThat("error: " + rejected.getMessage()).isEqualTo(
                "error: AWS rejected the credentials (ExpiredToken) for s3:ListBucket: refresh them (aws sso login / aws configure) and run again");

        // STS, the first call of every AWS script, answers it with 403: still a credentials problem,
        // not a missing permission.
        StsException stsExpired = (StsException) StsException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ExpiredToken")
                        .errorMessage("The security token included in the request is expired").build())
                .build();
        UserError denied = AwsErrors.translate("sts:GetCallerIdentity", "", stsExpired);
        assertThat(denied.exitCode()).isEqualTo(3);
        assertThat("error: " + denied.getMessage()).isEqualTo("error: AWS rejected the credentials (ExpiredToken) for sts:GetCallerIdentity: refresh them (aws sso login / aws configure) and run again");

        SfnException throttled = (SfnException) SfnException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("Rate exceeded").build())
                .build();
        UserError slow = AwsErrors.translate("states:StartExecution", "arn:aws:states:us-east-1:123456789012:stateMachine:demo-workflow", throttled);
        assertThat(slow.exitCode()).isEqualTo(3);
        assertThat("error: " + slow.getMessage()).isEqualTo("error: AWS kept throttling states:StartExecution on"
                + " arn:aws:states:us-east-1:123456789012:stateMachine:demo-workflow after retries: wait a minute and run again");
    }

    // ---- against the emulator --------------------------------------------------------------------

    @Test
    void runAndResultsBeforeDeploySayWhatToDoFirst() throws IOException {
        Project p = project("undeployed", "undeployed-bucket", "undeployed");
        assertOneLine(ScriptResult.run(new run(), EmulatorProject.args(p, emulator)), 2,
                "error: state machine undeployed-workflow is not deployed in " + emulator.endpoint() + " (us-east-1):"
                        + " run `./jbang deploy.java` first");
        assertOneLine(ScriptResult.run(new results(), EmulatorProject.args(p, emulator)), 2,
                "error: bucket 'undeployed-bucket' does not exist in " + emulator.endpoint() + " (us-east-1):"
                        + " nothing is deployed yet; run `./jbang deploy.java` first");
    }

    @Test
    void resultsBeforeTheFirstRunSaysToRunFirst() throws IOException {
        Project p = project("fresh", "fresh-bucket", "fresh");
        ScriptResult deployed = ScriptResult.run(new deploy(), EmulatorProject.args(p, emulator));
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        assertOneLine(ScriptResult.run(new results(), EmulatorProject.args(p, emulator)), 2,
                "error: no completed run in s3://fresh-bucket/runs/ yet: run `./jbang run.java` first");
    }

    @Test
    void aBucketOrRoleOfAnotherProjectIsRefusedAndNothingIsWritten() throws IOException {
        Project owner = project("owner", "shared-bucket", "owner");
        ScriptResult deployed = ScriptResult.run(new deploy(), EmulatorProject.args(owner, emulator));
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        Project other = project("other", "shared-bucket", "other");
        assertOneLine(ScriptResult.run(new deploy(), EmulatorProject.args(other, emulator)), 2,
                "error: bucket 'shared-bucket' belongs to emrflow project 'owner', not 'other': choose another 'bucket' or 'name.prefix'");

        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        URI endpoint = URI.create(emulator.endpoint());
        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(creds).endpointOverride(endpoint).build();
             S3Client s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(creds).endpointOverride(endpoint)
                     .forcePathStyle(true).build()) {
            iam.createRole(b -> b.roleName("squatter-emr-job").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
            Project squatted = project("squatted", "squatted-bucket", "squatter");
            assertOneLine(ScriptResult.run(new deploy(), EmulatorProject.args(squatted, emulator)), 2,
                    "error: IAM role 'squatter-emr-job' exists but is not tagged emrflow:project=squatter: it is not this project's;"
                            + " change 'name.prefix' or delete the role");
            assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals("squatted-bucket"));
        }
    }

    @Test
    void aTemplateThatDoesNotRenderOrValidateIsNamedAtDeploy() throws IOException {
        Project missing = project("missing-value", "missing-value-bucket", "missing-value");
        Files.writeString(missing.templatesDir().resolve("bucket-policy.json.ftl"), "{\n  \"a\": ${bucket?c},\n  \"b\": ${noSuchValue?c}\n}\n");
        ScriptResult r = ScriptResult.run(new deploy(), EmulatorProject.args(missing, emulator, "--dry-run"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.errorLines()).isEqualTo(1);
        assertThat(r.err()).contains("error: bucket-policy.json.ftl line 3: ", "noSuchValue");

        Project unknown = project("unknown-parameter", "unknown-parameter-bucket", "unknown-parameter");
        Path asl = unknown.templatesDir().resolve("state-machine.asl.json.ftl");
        Files.writeString(asl, Files.readString(asl).replace("\"ExecutionTimeoutMinutes\"", "\"ExecutionTimeoutMinute\""));
        ScriptResult u = ScriptResult.run(new deploy(), EmulatorProject.args(unknown, emulator, "--dry-run"));
        assertThat(u.exitCode()).as(u.toString()).isEqualTo(2);
        assertThat(u.err().lines().filter(l -> l.startsWith("error:")).toList()).singleElement().asString()
                .startsWith("error: state-machine.asl.json.ftl: RunJob.Parameters.ExecutionTimeoutMinute:"
                        + " not a parameter of EMR Serverless startJobRun (known: ApplicationId, ClientToken, ExecutionRoleArn,");
    }

    @Test
    void watchingLongerThanTimeoutLeavesTheRunGoingAndSaysHowToWatchAgain() throws IOException {
        Project p = project("slow", "slow-bucket", "slow");
        ScriptResult deployed = ScriptResult.run(new deploy(), EmulatorProject.args(p, emulator));
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        ScriptResult r = ScriptResult.run(new run(), EmulatorProject.args(p, emulator, "--timeout", "1s"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).as(r.toString()).singleElement().asString()
                .matches("error: still running after 1s; watch it again with `\\./jbang run\\.java --attach"
                        + " arn:aws:states:us-east-1:123456789012:execution:slow-workflow:run-\\d{8}-\\d{6}-[0-9a-f]{6}`");
    }
}

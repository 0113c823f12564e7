package io.github.emrflow.aws;

import io.github.emrflow.UserError;
import io.github.emrflow.cli.AwsOptions;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Names;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients of one script run, built lazily (help and local mode build none) from the SDK's
 * default credential chain, a profile, a region and an optional endpoint (the emulator). The same
 * code talks to AWS and to the emulator: only the endpoint differs. deploy's planners read on
 * several threads: each client is still built once, under a lock of its own, so building one (most
 * of it class loading) does not hold up a thread that needs another. A command that knows which
 * clients it will use names them in {@link #buildAhead}, so they are built side by side (with the
 * account id's STS call) while it does its own first work, instead of one after the other.
 */
public final class AwsSession implements AutoCloseable {
    private final Region region;
    private final String endpoint;
    private final AwsCredentialsProvider credentials;
    // One HTTP client for all but EMR Serverless (below): the URL-connection client (the JDK's
    // HttpURLConnection, no pool, no threads) sets up its TLS context when it is built, so one per
    // service client repeated that for each. Service clients never close a client they were given: close() does.
    private final Once<SdkHttpClient> http = new Once<>(() -> UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60))
            .build());
    private final Once<S3Client> s3 = new Once<>(this::buildS3);
    private final Once<IamClient> iam = new Once<>(this::buildIam);
    private final Once<StsClient> sts = new Once<>(() -> configure(StsClient.builder()).build());
    private final Once<SfnClient> sfn = new Once<>(() -> configure(SfnClient.builder()).build());
    private final Once<EmrServerlessClient> emr = new Once<>(() -> configure(EmrServerlessClient.builder()).build());
    // UpdateApplication (the shared application) is an HTTP PATCH, which HttpURLConnection cannot send:
    // a second EMR Serverless client on the Apache client, built only by the deploy that updates, so
    // run.java and the other commands never load Apache's classes.
    private final Once<EmrServerlessClient> emrForUpdates = new Once<>(() -> endpointAndRetries(EmrServerlessClient.builder())
            .httpClientBuilder(ApacheHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(60)))
            .build());
    /** CloudWatch Logs: only deploy and destroy with the project's log group use it. */
    private final Once<CloudWatchLogsClient> logs = new Once<>(() -> configure(CloudWatchLogsClient.builder()).build());
    // Only the commands that use them build these: schedule.java and destroy (Scheduler), deploy and destroy (EventBridge, SNS).
    private final Once<SchedulerClient> scheduler = new Once<>(() -> configure(SchedulerClient.builder()).build());
    private final Once<EventBridgeClient> events = new Once<>(() -> configure(EventBridgeClient.builder()).build());
    private final Once<SnsClient> sns = new Once<>(() -> configure(SnsClient.builder()).build());
    private final Once<String> accountId = new Once<>(
            () -> AwsErrors.call("sts:GetCallerIdentity", "", () -> sts().getCallerIdentity().account()));

    /** The clients a command can ask {@link #buildAhead} for. */
    public enum Client { S3, IAM, STS, SFN, EMR }

    private AwsSession(Region region, String endpoint, AwsCredentialsProvider credentials) {
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    /** Resolves region (flag, then config), endpoint (flag, then AWS_ENDPOINT_URL) and credentials. */
    public static AwsSession open(AwsOptions options, Config config) {
        String endpoint = options.endpointUrl != null ? options.endpointUrl : System.getenv("AWS_ENDPOINT_URL");
        if (endpoint != null && endpoint.isBlank()) {
            endpoint = null;
        }
        if (endpoint != null) {
            try {
                URI uri = URI.create(endpoint);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
            } catch (IllegalArgumentException e) {
                throw UserError.badInput("endpoint URL '" + endpoint + "' is not a URL like http://127.0.0.1:5000");
            }
        }
        String regionName = options.region != null ? options.region : config.region();
        if (!Names.isValidRegion(regionName)) {
            throw UserError.badInput("region '" + regionName + "' is not a region code like us-east-1");
        }
        Region region = Region.of(regionName);
        if (endpoint == null && RegionMetadata.of(region) == null) {
            throw UserError.badInput("unknown AWS region '" + regionName + "': use one of the SDK's regions, e.g. us-east-1, eu-west-1");
        }
        AwsCredentialsProvider credentials = options.profile != null
                ? ProfileCredentialsProvider.create(options.profile)
                : DefaultCredentialsProvider.builder().build();
        AwsSession session = new AwsSession(region, endpoint, credentials);
        session.checkCredentials(options.profile);
        return session;
    }

    private void checkCredentials(String profile) {
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException | IllegalStateException e) {
            throw new UserError(UserError.ENVIRONMENT, profile != null
                    ? "AWS profile '" + profile + "' has no usable credentials: check ~/.aws/credentials or run `aws configure --profile " + profile + "`"
                    : "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run `aws configure`", e);
        }
    }

    public Region region() { return region; }

    /** The endpoint override, or null for AWS itself. */
    public String endpoint() { return endpoint; }

    public String partition() {
        RegionMetadata metadata = RegionMetadata.of(region);
        return metadata == null ? "aws" : metadata.partition().id();
    }

    /**
     * The caller's account id, from STS: every ARN deploy and run name, and the expected bucket
     * owner of every S3 call (so a bucket of another account is never written), need it before
     * their first call, so it cannot come from a later response.
     */
    public String accountId() {
        return accountId.get();
    }

    /**
     * Starts building {@code clients} now, each on a daemon thread of its own, and with
     * {@code lookUpAccount} also the account id's STS call: most of a client's first use is loading
     * and initialising its classes, which two cores do side by side. The getters then return the
     * built client (or wait for it); a failure here is the getter's to report, as if it came first there.
     */
    public AwsSession buildAhead(boolean lookUpAccount, Client... clients) {
        List<Once<?>> work = new ArrayList<>();
        if (lookUpAccount) {
            work.add(accountId);
        }
        for (Client client : clients) {
            work.add(switch (client) {
                case S3 -> s3;
                case IAM -> iam;
                case STS -> sts;
                case SFN -> sfn;
                case EMR -> emr;
            });
        }
        for (Once<?> value : work) {
            Thread thread = new Thread(() -> {
                try {
                    value.get();
                } catch (RuntimeException e) {
                    // reported by the getter the command calls
                }
            }, "emrflow-build-ahead");
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    public S3Client s3() { return s3.get(); }

    public IamClient iam() { return iam.get(); }

    public StsClient sts() { return sts.get(); }

    public SfnClient sfn() { return sfn.get(); }

    public EmrServerlessClient emr() { return emr.get(); }

    /** EMR Serverless for UpdateApplication only (an HTTP PATCH; see the field). */
    public EmrServerlessClient emrForUpdates() { return emrForUpdates.get(); }

    private S3Client buildS3() {
        var b = configure(S3Client.builder());
        if (endpoint != null) {
            b.forcePathStyle(true);
        }
        return b.build();
    }

    private IamClient buildIam() {
        // IAM is global: its endpoint lives in the partition's home region.
        var b = configure(IamClient.builder());
        if (endpoint == null) {
            b.region(partition().equals("aws") ? Region.AWS_GLOBAL : region);
        }
        return b.build();
    }

    /** CloudWatch Logs: only deploy and destroy with logs.cloudwatch use it. */
    public CloudWatchLogsClient logs() { return logs.get(); }

    /** EventBridge Scheduler (schedule.java, destroy). */
    public SchedulerClient scheduler() { return scheduler.get(); }

    /** EventBridge (the failure-alert rule). */
    public EventBridgeClient events() { return events.get(); }

    /** SNS (the failure-alert topic). */
    public SnsClient sns() { return sns.get(); }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        endpointAndRetries(builder);
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http.get());
        }
        return builder;
    }

    private <B extends AwsClientBuilder<B, ?>> B endpointAndRetries(B builder) {
        builder.region(region).credentialsProvider(credentials);
        builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(Duration.ofSeconds(60))
                .build());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    /** Where calls go, for messages: the endpoint or "AWS REGION". */
    public String target() {
        return endpoint != null ? endpoint + " (" + region.id() + ")" : "AWS " + region.id();
    }

    @Override
    public void close() {
        // ifBuilt waits for a client still being built ahead, so it is closed too.
        for (Once<? extends AutoCloseable> client : List.of(s3, iam, sts, sfn, emr, emrForUpdates, logs, scheduler, events, sns, http)) {
            AutoCloseable c = client.ifBuilt();
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing is best effort
                }
            }
        }
    }
}

package io.github.emrflow.aws;

import io.github.emrflow.UserError;
import io.github.emrflow.cli.AwsOptions;
import io.github.emrflow.config.Config;
import io.github.emrflow.config.Names;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
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
 * of it class loading) does not hold up a thread that needs another.
 */
public final class AwsSession implements AutoCloseable {
    private final Region region;
    private final String endpoint;
    private final AwsCredentialsProvider credentials;
    private volatile S3Client s3;
    private volatile IamClient iam;
    private volatile StsClient sts;
    private volatile SfnClient sfn;
    private volatile EmrServerlessClient emr;
    private volatile SchedulerClient scheduler;
    private volatile EventBridgeClient events;
    private volatile SnsClient sns;
    private volatile String accountId;
    private final Object s3Lock = new Object();
    private final Object iamLock = new Object();
    private final Object stsLock = new Object();
    private final Object sfnLock = new Object();
    private final Object emrLock = new Object();
    private final Object schedulerLock = new Object();
    private final Object eventsLock = new Object();
    private final Object snsLock = new Object();
    private final Object accountLock = new Object();

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

    public String accountId() {
        synchronized (accountLock) {
            if (accountId == null) {
                accountId = AwsErrors.call("sts:GetCallerIdentity", "", () -> sts().getCallerIdentity().account());
            }
            return accountId;
        }
    }

    public S3Client s3() {
        synchronized (s3Lock) {
            if (s3 == null) {
                var b = configure(S3Client.builder());
                if (endpoint != null) {
                    b.forcePathStyle(true);
                }
                s3 = b.build();
            }
            return s3;
        }
    }

    public IamClient iam() {
        synchronized (iamLock) {
            if (iam == null) {
                // IAM is global: its endpoint lives in the partition's home region.
                var b = configure(IamClient.builder());
                if (endpoint == null) {
                    b.region(partition().equals("aws") ? Region.AWS_GLOBAL : region);
                }
                iam = b.build();
            }
            return iam;
        }
    }

    public StsClient sts() {
        synchronized (stsLock) {
            if (sts == null) {
                sts = configure(StsClient.builder()).build();
            }
            return sts;
        }
    }

    public SfnClient sfn() {
        synchronized (sfnLock) {
            if (sfn == null) {
                sfn = configure(SfnClient.builder()).build();
            }
            return sfn;
        }
    }

    public EmrServerlessClient emr() {
        synchronized (emrLock) {
            if (emr == null) {
                emr = configure(EmrServerlessClient.builder()).build();
            }
            return emr;
        }
    }

    /** EventBridge Scheduler: only schedule.java and destroy build it. */
    public SchedulerClient scheduler() {
        synchronized (schedulerLock) {
            if (scheduler == null) {
                scheduler = configure(SchedulerClient.builder()).build();
            }
            return scheduler;
        }
    }

    /** EventBridge (the failure-alert rule). */
    public EventBridgeClient events() {
        synchronized (eventsLock) {
            if (events == null) {
                events = configure(EventBridgeClient.builder()).build();
            }
            return events;
        }
    }

    /** SNS (the failure-alert topic). */
    public SnsClient sns() {
        synchronized (snsLock) {
            if (sns == null) {
                sns = configure(SnsClient.builder()).build();
            }
            return sns;
        }
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        builder.region(region).credentialsProvider(credentials);
        builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(Duration.ofSeconds(60))
                .build());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        if (builder instanceof software.amazon.awssdk.services.emrserverless.EmrServerlessClientBuilder emrBuilder) {
            // UpdateApplication (the shared application) is an HTTP PATCH, which HttpURLConnection cannot send.
            emrBuilder.httpClientBuilder(ApacheHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(60)));
        } else if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(60)));
        }
        return builder;
    }

    /** Where calls go, for messages: the endpoint or "AWS REGION". */
    public String target() {
        return endpoint != null ? endpoint + " (" + region.id() + ")" : "AWS " + region.id();
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {s3, iam, sts, sfn, emr, scheduler, events, sns}) {
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

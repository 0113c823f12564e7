package io.github.emrflow.cli;

import picocli.CommandLine.Option;

/** Where and as whom the AWS scripts talk to AWS: the SDK's default chains unless overridden here. */
public class AwsOptions {
    @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile (default: the SDK's chain: AWS_PROFILE, then 'default').")
    public String profile;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: 'region' in emrflow.properties).")
    public String region;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send every AWS call to URL, e.g. the offline emulator (default: $AWS_ENDPOINT_URL, else AWS).")
    public String endpointUrl;
}

package io.github.emrflow.config;

import java.util.regex.Pattern;

/** Naming rules AWS enforces, checked before any call so a bad name is one clear line. */
public final class Names {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");

    private Names() {
    }

    /** S3's general-purpose bucket naming rules. */
    public static boolean isValidBucket(String name) {
        return BUCKET.matcher(name).matches()
                && !name.contains("..")
                && !name.contains(".-") && !name.contains("-.")
                && !IP_ADDRESS.matcher(name).matches()
                && !name.startsWith("xn--") && !name.startsWith("sthree-") && !name.startsWith("amzn-s3-demo-")
                && !name.endsWith("-s3alias") && !name.endsWith("--ol-s3") && !name.endsWith(".mrap")
                && !name.endsWith("--x-s3") && !name.endsWith("--table-s3");
    }

    /** The shape of a region code (us-east-1, eu-west-3, us-gov-west-1); whether it exists is for AWS to say. */
    public static boolean isValidRegion(String region) {
        return REGION.matcher(region).matches();
    }
}

package io.github.emrflow.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured tags in the shape each AWS SDK wants. S3, IAM and Step Functions each generate
 * their own Tag class, so one map has to be converted three ways.
 */
public final class Tags {
    /**
     * On a bucket deploy --adopt-bucket took over: emrflow did not create it, so destroy must not
     * delete it or its data. Set only by deploy (config tags may not start with "emrflow:").
     */
    static final String ADOPTED = "emrflow:adopted";

    private Tags() {
    }

    static List<software.amazon.awssdk.services.s3.model.Tag> s3(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.s3.model.Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    static List<software.amazon.awssdk.services.iam.model.Tag> iam(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.iam.model.Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    static List<software.amazon.awssdk.services.sfn.model.Tag> sfn(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.sfn.model.Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    public static List<software.amazon.awssdk.services.scheduler.model.Tag> scheduler(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.scheduler.model.Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    static List<software.amazon.awssdk.services.eventbridge.model.Tag> events(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.eventbridge.model.Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    static List<software.amazon.awssdk.services.sns.model.Tag> sns(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.sns.model.Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    /** Extra tags someone added by hand are left alone; only missing or changed ones count. */
    static boolean covers(Map<String, String> current, Map<String, String> wanted) {
        return current.entrySet().containsAll(wanted.entrySet());
    }

    /**
     * The tag set to write where one call replaces all tags (S3): the current tags with ours added
     * or updated, so tags the owner set (cost allocation, ownership) survive a deploy.
     */
    static Map<String, String> merge(Map<String, String> current, Map<String, String> wanted) {
        Map<String, String> merged = new LinkedHashMap<>(current);
        merged.putAll(wanted);
        return merged;
    }
}

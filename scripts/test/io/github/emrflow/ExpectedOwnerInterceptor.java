package io.github.emrflow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records, while a test has it {@link #start started}, each S3 request whose operation has an
 * ExpectedBucketOwner member and the value it was sent with. Registered for every SDK client in
 * the test JVM through the SDK's global interceptor file in test-resources; when not started it
 * records nothing, so other tests (and their own setup clients) are not affected.
 */
public class ExpectedOwnerInterceptor implements ExecutionInterceptor {
    /** One S3 request: its operation and the expected bucket owner it named (null when none). */
    public record Call(String operation, String expectedOwner) {
    }

    private static final String MEMBER = "ExpectedBucketOwner";
    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static final List<String> WITHOUT_MEMBER = new CopyOnWriteArrayList<>();
    private static volatile boolean recording;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!recording || !"S3".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            return;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        SdkRequest request = context.request();
        // Asked of the request's model, not a list kept here: an S3 call added later is checked too.
        if (request.sdkFields().stream().anyMatch(f -> MEMBER.equals(f.memberName()))) {
            CALLS.add(new Call(operation, request.getValueForField(MEMBER, String.class).orElse(null)));
        } else {
            WITHOUT_MEMBER.add(operation);
        }
    }

    /** Clears what was recorded and records from now on. */
    public static void start() {
        CALLS.clear();
        WITHOUT_MEMBER.clear();
        recording = true;
    }

    public static void stop() {
        recording = false;
    }

    /** The S3 requests that can name an expected bucket owner, in order. */
    public static List<Call> calls() {
        return List.copyOf(CALLS);
    }

    /** The S3 operations seen whose model has no ExpectedBucketOwner (CreateBucket, ListBuckets). */
    public static List<String> withoutMember() {
        return List.copyOf(WITHOUT_MEMBER);
    }
}

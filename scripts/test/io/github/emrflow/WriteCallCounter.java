package io.github.emrflow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS call made in the test JVM (registered for all SDK clients through the SDK's
 * global interceptor file in test-resources), so tests can count writes: any operation that is not
 * a Get, List, Head or Describe.
 */
public class WriteCallCounter implements ExecutionInterceptor {
    private static final List<String> CALLS = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CALLS.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    public static void reset() {
        CALLS.clear();
    }

    public static List<String> calls() {
        return List.copyOf(CALLS);
    }

    public static List<String> writes() {
        return CALLS.stream().filter(c -> {
            String op = c.substring(c.indexOf(':') + 1);
            return !(op.startsWith("Get") || op.startsWith("List") || op.startsWith("Head") || op.startsWith("Describe"));
        }).toList();
    }
}

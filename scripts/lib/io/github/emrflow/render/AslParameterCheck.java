package io.github.emrflow.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.services.emrserverless.model.CancelJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.CreateApplicationRequest;
import software.amazon.awssdk.services.emrserverless.model.DeleteApplicationRequest;
import software.amazon.awssdk.services.emrserverless.model.StartApplicationRequest;
import software.amazon.awssdk.services.emrserverless.model.StopApplicationRequest;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

/**
 * Checks the Parameters of every ASL Task against the AWS SDK's model of the API it calls, so a
 * misspelt parameter fails at build time instead of at run time in Step Functions. Neither ASL
 * linter does this.
 */
public final class AslParameterCheck {
    private static final String EMR_SERVERLESS = "arn:aws:states:::emr-serverless:";
    private static final Map<String, Supplier<SdkPojo>> EMR_SERVERLESS_APIS = Map.of(
            "createApplication", () -> (SdkPojo) CreateApplicationRequest.builder(),
            "startApplication", () -> (SdkPojo) StartApplicationRequest.builder(),
            "stopApplication", () -> (SdkPojo) StopApplicationRequest.builder(),
            "deleteApplication", () -> (SdkPojo) DeleteApplicationRequest.builder(),
            "startJobRun", () -> (SdkPojo) StartJobRunRequest.builder(),
            "cancelJobRun", () -> (SdkPojo) CancelJobRunRequest.builder());

    private AslParameterCheck() {
    }

    /** Every problem found, as "State.Parameters.Key: message"; empty when the definition is good. */
    public static List<String> problems(JsonNode definition) {
        List<String> problems = new ArrayList<>();
        JsonNode states = definition.path("States");
        if (!states.isObject()) {
            problems.add("no States object");
            return problems;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> state = it.next();
            JsonNode node = state.getValue();
            if (!"Task".equals(node.path("Type").asText())) {
                continue;
            }
            String resource = node.path("Resource").asText();
            if (!resource.startsWith(EMR_SERVERLESS)) {
                problems.add(state.getKey() + ": unsupported integration " + resource + " (emrflow checks emr-serverless tasks only)");
                continue;
            }
            String api = resource.substring(EMR_SERVERLESS.length()).replaceFirst("\\.sync$", "");
            Supplier<SdkPojo> model = EMR_SERVERLESS_APIS.get(api);
            if (model == null) {
                problems.add(state.getKey() + ": unknown EMR Serverless integration '" + api + "' in " + resource);
                continue;
            }
            check(node.path("Parameters"), model.get(), state.getKey() + ".Parameters", api, problems);
        }
        return problems;
    }

    private static void check(JsonNode params, SdkPojo model, String path, String api, List<String> problems) {
        if (!params.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            boolean isPath = entry.getKey().endsWith(".$");
            String name = isPath ? entry.getKey().substring(0, entry.getKey().length() - 2) : entry.getKey();
            SdkField<?> field = find(model, name);
            if (field == null) {
                problems.add(path + "." + name + ": not a parameter of EMR Serverless " + api
                        + " (known: " + known(model) + ")");
                continue;
            }
            if (!isPath && field.marshallingType() == MarshallingType.SDK_POJO) {
                check(entry.getValue(), field.constructor().get(), path + "." + name, api, problems);
            }
        }
    }

    private static SdkField<?> find(SdkPojo model, String pascalName) {
        for (SdkField<?> field : model.sdkFields()) {
            if (pascal(field.memberName()).equals(pascalName)) {
                return field;
            }
        }
        return null;
    }

    private static String known(SdkPojo model) {
        List<String> names = new ArrayList<>();
        for (SdkField<?> field : model.sdkFields()) {
            names.add(pascal(field.memberName()));
        }
        return String.join(", ", names);
    }

    private static String pascal(String memberName) {
        return memberName.substring(0, 1).toUpperCase(Locale.ROOT) + memberName.substring(1);
    }
}

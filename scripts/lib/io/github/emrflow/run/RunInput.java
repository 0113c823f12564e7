package io.github.emrflow.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emrflow.aws.ResourceNames;
import io.github.emrflow.config.Config;
import io.github.emrflow.job.JobParameters;
import io.github.emrflow.render.JsonDocuments;

/**
 * The execution input of one run, built here for run.java and schedule.java alike, so a scheduled
 * run gets exactly what a started one gets. A started run names its run id; a scheduled one cannot
 * (one schedule starts many runs), so its input has none and the state machine derives it from the
 * execution, then lays out the output prefix and the job's arguments itself (templates/state-machine.asl.json.ftl).
 */
public final class RunInput {
    private RunInput() {
    }

    /** The input of a run started now, as run RUN_ID. */
    public static ObjectNode started(Config config, String runId, JobParameters parameters) {
        ObjectNode input = JsonDocuments.mapper().createObjectNode();
        input.put("runId", runId);
        fill(input, config, parameters);
        return input;
    }

    /** The input every execution a schedule starts gets: no run id (the workflow derives one per execution). */
    public static ObjectNode scheduled(Config config, JobParameters parameters) {
        ObjectNode input = JsonDocuments.mapper().createObjectNode();
        fill(input, config, parameters);
        return input;
    }

    public static String inputUri(Config config) {
        return "s3://" + config.bucket() + "/" + ResourceNames.inputKey(config.job());
    }

    private static void fill(ObjectNode input, Config config, JobParameters parameters) {
        input.put("input", inputUri(config));
        ObjectNode values = input.putObject("parameters");
        parameters.values().forEach(values::put);
        ArrayNode arguments = input.putArray("parameterArguments");
        parameters.arguments().forEach(arguments::add);
    }
}

package io.github.emrflow.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emrflow.UserError;
import io.github.emrflow.job.Udf;
import io.github.emrflow.render.JsonDocuments;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataType;

/**
 * The job's Python UDFs on embedded Spark, without PySpark: one {@code python3 -I} process imports
 * them from the --py-files zip, and each SQL call is a JSON line to it and one back. Isolated mode
 * (-I) keeps the user's PYTHONPATH and site-packages out, so what runs is the zip EMR gets. Calls
 * are serialised (one process); fine for the sizes a local run is for. The Spark UDFs find the
 * process by id in a static map, because Spark serialises UDFs and a process cannot travel.
 */
public final class PythonUdfBridge implements AutoCloseable {
    /** Reads requests, answers each on the real stdout; the job's own prints go to stderr. */
    private static final String BRIDGE = String.join("\n",
            "import importlib, inspect, json, sys",
            "sys.path.insert(0, sys.argv[1])",
            "replies, sys.stdout = sys.stdout, sys.stderr",
            "functions = {}",
            "for line in sys.stdin:",
            "    request = json.loads(line)",
            "    try:",
            "        if 'load' in request:",
            "            u = request['load']",
            "            f = getattr(importlib.import_module(u['module']), u['function'])",
            "            functions[u['name']] = f",
            "            reply = {'arity': len(inspect.signature(f).parameters)}",
            "        else:",
            "            reply = {'value': functions[request['call']](*request['args'])}",
            "    except Exception as e:",
            "        reply = {'error': '%s: %s' % (type(e).__name__, e)}",
            "    replies.write(json.dumps(reply) + '\\n')",
            "    replies.flush()");
    /** The protocol is one JSON document per line (the shared mapper indents). */
    private static final ObjectWriter ONE_LINE = JsonDocuments.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
    private static final Map<String, PythonUdfBridge> OPEN = new ConcurrentHashMap<>();

    private static final Object NULL = new Object();

    private final String id = UUID.randomUUID().toString();
    private final Map<List<Object>, Object> answers = new ConcurrentHashMap<>();
    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader replies;

    private PythonUdfBridge(Process process) {
        this.process = process;
        this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.replies = process.inputReader(StandardCharsets.UTF_8);
    }

    /** Starts Python over {@code pyFiles} and registers each UDF in {@code spark} under its SQL name. */
    public static PythonUdfBridge register(SparkSession spark, Path pyFiles, List<Udf> udfs, Map<String, String> env) {
        String python = env.getOrDefault("PYSPARK_PYTHON", "python3");
        Process process;
        try {
            process = new ProcessBuilder(python, "-I", "-c", BRIDGE, pyFiles.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UserError(UserError.ENVIRONMENT, "the job's UDFs need Python 3 on this machine (" + python + ": " + e.getMessage()
                    + "): install python3 or set PYSPARK_PYTHON");
        }
        PythonUdfBridge bridge = new PythonUdfBridge(process);
        OPEN.put(bridge.id, bridge);
        try {
            for (Udf udf : udfs) {
                ObjectNode load = JsonDocuments.mapper().createObjectNode();
                load.putObject("load").put("name", udf.name()).put("module", udf.module()).put("function", udf.function());
                JsonNode reply = bridge.ask(load, udf);
                bridge.register(spark, udf, reply.path("arity").asInt());
            }
        } catch (RuntimeException e) {
            bridge.close();
            throw e;
        }
        return bridge;
    }

    private void register(SparkSession spark, Udf udf, int arity) {
        String bridgeId = id;
        String name = udf.name();
        Udf.ReturnType type = udf.returnType();
        DataType dataType = DataType.fromDDL(type.ddl());
        switch (arity) {
            case 1 -> spark.udf().register(name, (UDF1<Object, Object>) a -> call(bridgeId, name, type, a), dataType);
            case 2 -> spark.udf().register(name, (UDF2<Object, Object, Object>) (a, b) -> call(bridgeId, name, type, a, b), dataType);
            case 3 -> spark.udf().register(name, (UDF3<Object, Object, Object, Object>) (a, b, c) -> call(bridgeId, name, type, a, b, c), dataType);
            default -> throw UserError.badInput("udf " + name + ": " + udf.module() + ":" + udf.function() + " takes " + arity
                    + " arguments; local runs without PySpark support 1 to 3");
        }
    }

    private static Object call(String bridgeId, String name, Udf.ReturnType type, Object... args) {
        PythonUdfBridge bridge = OPEN.get(bridgeId);
        // Spark takes UDFs to be deterministic (it may call them once or several times per row), so
        // one answer per distinct argument list is enough: a row-by-row round trip is the slow part.
        List<Object> key = new java.util.ArrayList<>(List.of(name));
        key.addAll(java.util.Arrays.asList(args));
        Object cached = bridge.answers.get(key);
        if (cached != null) {
            return cached == NULL ? null : cached;
        }
        Object value = bridge.callPython(name, type, args);
        bridge.answers.put(key, value == null ? NULL : value);
        return value;
    }

    private Object callPython(String name, Udf.ReturnType type, Object... args) {
        PythonUdfBridge bridge = this;
        ObjectNode request = JsonDocuments.mapper().createObjectNode();
        request.put("call", name);
        ArrayNode list = request.putArray("args");
        for (Object a : args) {
            list.add(JsonDocuments.mapper().valueToTree(a));
        }
        JsonNode value = bridge.ask(request, null).path("value");
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        return switch (type) {
            case STRING -> value.asText();
            case INTEGER -> value.asLong();
            case NUMBER -> value.asDouble();
            case BOOLEAN -> value.asBoolean();
        };
    }

    /** One request, one reply line; Spark runs tasks on several threads, Python answers one at a time. */
    private synchronized JsonNode ask(JsonNode request, Udf loading) {
        String line;
        try {
            requests.write(ONE_LINE.writeValueAsString(request));
            requests.newLine();
            requests.flush();
            line = replies.readLine();
        } catch (IOException e) {
            line = null;
        }
        if (line == null) {
            throw new UserError(UserError.JOB_FAILED, "the job's Python UDF process ended unexpectedly (see its error above)");
        }
        JsonNode reply = JsonDocuments.parse("python udf reply", line);
        if (reply.has("error")) {
            String what = loading != null ? "udf " + loading.name() + ": cannot load " + loading.module() + ":" + loading.function()
                    : "udf " + request.path("call").asText() + " failed";
            throw new UserError(loading != null ? UserError.BAD_INPUT : UserError.JOB_FAILED, what + " (" + reply.path("error").asText() + ")");
        }
        return reply;
    }

    @Override
    public void close() {
        OPEN.remove(id);
        try {
            requests.close();
        } catch (IOException e) {
            // Python is going away either way.
        }
        process.destroy();
    }
}

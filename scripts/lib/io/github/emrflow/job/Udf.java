package io.github.emrflow.job;

import java.util.List;
import java.util.Locale;

/**
 * A SQL function the job's SQL may call, implemented by a Python function in one of the job's own
 * packages ({@code "function": "package.module:name"}). The PySpark script registers it with
 * {@code spark.udf.register}; the local runner's embedded Spark calls the same Python function
 * through {@code local.PythonUdfBridge}, so both run the same code.
 */
public record Udf(String name, String module, String function, ReturnType returnType) {

    /** What the function returns, as the job declares it; {@link #ddl()} is Spark's name for it. */
    public enum ReturnType {
        STRING("string"), INTEGER("bigint"), NUMBER("double"), BOOLEAN("boolean");

        private final String ddl;

        ReturnType(String ddl) {
            this.ddl = ddl;
        }

        public String ddl() {
            return ddl;
        }

        public static ReturnType of(String name) {
            for (ReturnType t : values()) {
                if (t.name().equalsIgnoreCase(name)) {
                    return t;
                }
            }
            return null;
        }

        public static List<String> names() {
            return java.util.Arrays.stream(values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
        }
    }

    /** The top-level package the module lives in: it must be one of the job's own packages. */
    public String topPackage() {
        int dot = module.indexOf('.');
        return dot < 0 ? module : module.substring(0, dot);
    }
}

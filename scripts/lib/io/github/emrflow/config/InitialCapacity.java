package io.github.emrflow.config;

/**
 * {@code application.initial.capacity}: how many driver and executor workers the shared application
 * keeps initialised while it is started. Empty means none, the only setting that costs nothing idle.
 */
public record InitialCapacity(int drivers, int executors) {
    public static final InitialCapacity NONE = new InitialCapacity(0, 0);

    /** The parsed value, or null when it is not "driver=N,executor=M" (either part may be left out). */
    public static InitialCapacity parse(String value) {
        if (value.isBlank()) {
            return NONE;
        }
        Integer drivers = null;
        Integer executors = null;
        for (String part : value.split(",", -1)) {
            String[] kv = part.trim().split("=", -1);
            if (kv.length != 2 || !kv[1].trim().matches("\\d{1,4}")) {
                return null;
            }
            int n = Integer.parseInt(kv[1].trim());
            switch (kv[0].trim()) {
                case "driver" -> {
                    if (drivers != null || n > 100) {
                        return null;
                    }
                    drivers = n;
                }
                case "executor" -> {
                    if (executors != null || n > 1000) {
                        return null;
                    }
                    executors = n;
                }
                default -> {
                    return null;
                }
            }
        }
        return new InitialCapacity(drivers == null ? 0 : drivers, executors == null ? 0 : executors);
    }

    public boolean isEmpty() {
        return drivers == 0 && executors == 0;
    }
}

package io.github.emrflow.job;

/**
 * One column the job writes, as declared in job/job.json. {@code scale} is the number of decimals a
 * DECIMAL column is printed with (0 for the other types).
 */
public record OutputColumn(String name, ColumnType type, int scale) {
    public OutputColumn(String name, ColumnType type) {
        this(name, type, type == ColumnType.DECIMAL ? 2 : 0);
    }
}

"""emrflow job ${jobName?c}, rendered from templates/job.py.ftl for ${prefix?c}.

Runs the job defined in the project's job/ folder: reads the input CSV with the typed schema of
job/schema.ddl (numbers are numbers, not strings), runs the Spark SQL of job/query.sql with the
parameters declared in job/job.json bound by name (never spliced into the query text), checks that
it produces the declared output columns, and writes them as CSV to a fresh per-run prefix, so
re-runs never meet PATH_ALREADY_EXISTS. No Hive, no Glue catalog.

Arguments: --input URI --output URI [--param NAME=VALUE ...]
"""
import argparse
import json
import re
import sys

JOB_NAME = ${jobName?c}
INPUT_TABLE = ${jobTable?c}
INPUT_SCHEMA = ${jobSchema?c}
JOB_SQL = ${jobSql?c}
PARAMETERS = json.loads(${jobParametersJson?c})
OUTPUT_COLUMNS = json.loads(${jobOutputColumnsJson?c})
# SQL functions implemented in the job's own packages (job/PACKAGE/, shipped as --py-files).
UDFS = json.loads(${jobUdfsJson?c})


def fail(message):
    """One line on stderr and exit 2: EMR Serverless shows it as the job run's state details."""
    print("error: " + message, file=sys.stderr)
    raise SystemExit(2)


def typed(parameter, value):
    """The value as Spark binds it, after the same checks run.java made against job/job.json."""
    kind = parameter["type"]
    result = value
    if kind == "integer":
        result = int(value) if re.fullmatch(r"-?\d{1,18}", value) else None
    elif kind == "number":
        result = float(value) if re.fullmatch(r"-?\d{1,18}(\.\d{1,18})?", value) else None
    elif kind == "boolean":
        result = {"true": True, "false": False}.get(value)
    ok = result is not None
    ok = ok and (not parameter.get("allowed") or value in parameter["allowed"])
    ok = ok and (parameter.get("pattern") is None or re.fullmatch(parameter["pattern"], value) is not None)
    ok = ok and (parameter.get("minimum") is None or result >= parameter["minimum"])
    ok = ok and (parameter.get("maximum") is None or result <= parameter["maximum"])
    if not ok:
        fail("parameter %r is %r; allowed: %s" % (parameter["name"], value, parameter["allowedText"]))
    return result


def bind(assignments):
    declared = {p["name"]: p for p in PARAMETERS}
    values = {name: p["default"] for name, p in declared.items()}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        if not equals or name not in declared:
            fail("%r is not NAME=VALUE for a parameter of job %s; its parameters: %s"
                 % (assignment, JOB_NAME, ", ".join(declared) or "none"))
        values[name] = value
    return {name: typed(declared[name], value) for name, value in values.items()}


def register_udfs(spark):
    """Each declared UDF under its SQL name; its module comes from the --py-files zip."""
    import importlib

    for udf in UDFS:
        try:
            function = getattr(importlib.import_module(udf["module"]), udf["function"])
        except (ImportError, AttributeError) as error:
            fail("udf %s: cannot load %s:%s (%s)" % (udf["name"], udf["module"], udf["function"], error))
        spark.udf.register(udf["name"], function, udf["returnType"])


def parse_args(argv):
    parser = argparse.ArgumentParser(description="emrflow job " + JOB_NAME)
    parser.add_argument("--input", required=True, help="input CSV file or prefix (s3:// or local)")
    parser.add_argument("--output", required=True, help="output prefix for this run (must not exist)")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a declared parameter's value for this run (repeatable)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    parameters = bind(args.param)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName(${(prefix + "-" + jobName)?c}).getOrCreate()
    try:
        register_udfs(spark)
        table = (
            spark.read.option("header", True)
            .option("mode", "FAILFAST")
            .option("enforceSchema", False)
            .schema(INPUT_SCHEMA)
            .csv(args.input)
            # Cached, every column of every row is parsed (not only those the SQL reads),
            # so FAILFAST rejects any row that does not fit the schema.
            .cache()
        )
        table.createOrReplaceTempView(INPUT_TABLE)
        result = spark.sql(JOB_SQL, args=parameters)
        missing = [c for c in OUTPUT_COLUMNS if c not in result.columns]
        if missing:
            fail("the job's SQL does not produce the declared output column(s) %s (it produces %s)"
                 % (", ".join(missing), ", ".join(result.columns)))
        result = result.select(*OUTPUT_COLUMNS)
        rows = result.count()
        if rows == 0:
            fail("the job produced no rows from %s (empty input, or no row matches the parameters %s)"
                 % (args.input, parameters))
        # escape = quote: RFC 4180 doubled quotes, which CSV readers understand; Spark defaults to backslash.
        result.coalesce(1).write.mode("errorifexists").option("header", True).option("escape", '"').csv(args.output)
        print("emrflow: wrote %d rows to %s" % (rows, args.output))
    finally:
        spark.stop()


if __name__ == "__main__":
    main()

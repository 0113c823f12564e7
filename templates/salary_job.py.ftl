<#include "aggregation.ftl">
"""emrflow salary aggregation, rendered from templates/salary_job.py.ftl for ${prefix?c}.

Per job title, the maximum and minimum of a salary column, read with an explicit typed schema
(salaries are numbers, not strings). Input and output come from the job's arguments; the output
is a fresh per-run prefix, so re-runs never meet PATH_ALREADY_EXISTS. No Hive, no Glue catalog.
"""
import argparse
import sys

INPUT_SCHEMA = ${inputSchema?c}
SALARY_COLUMNS = (<#list salaryColumns as column>${column?c}<#sep>, </#list>)
OUTPUT_COLUMNS = (<#list outputColumns as column>${column?c}<#sep>, </#list>)
AGGREGATION_SQL = ${aggregationSql?c}


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Per-title max/min salary (emrflow)")
    parser.add_argument("--input", required=True, help="CSV file or prefix (s3:// or local)")
    parser.add_argument("--output", required=True, help="output prefix for this run (must not exist)")
    parser.add_argument("--salary-column", default="salary_in_usd", choices=SALARY_COLUMNS)
    parser.add_argument("--title-filter", default="", help="regular expression on job_title; empty = all")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName(${(prefix + "-salaries")?c}).getOrCreate()
    try:
        salaries = (
            spark.read.option("header", True)
            .option("mode", "FAILFAST")
            .option("enforceSchema", False)
            .schema(INPUT_SCHEMA)
            .csv(args.input)
            # Cached, every column of every row is parsed (not only those the SQL reads),
            # so FAILFAST rejects any row that does not fit the schema.
            .cache()
        )
        salaries.createOrReplaceTempView("salaries")
        sql = AGGREGATION_SQL.replace("{salary_column}", args.salary_column)
        result = spark.sql(sql, args={"title_filter": args.title_filter})
        rows = result.count()
        if rows == 0:
            raise SystemExit("no rows to aggregate in %s (empty input or no title matches %r)"
                             % (args.input, args.title_filter))
        result.coalesce(1).write.mode("errorifexists").option("header", True).csv(args.output)
        print("emrflow: wrote %d job titles to %s" % (rows, args.output))
    finally:
        spark.stop()


if __name__ == "__main__":
    main()

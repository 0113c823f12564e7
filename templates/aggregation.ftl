<#--
  The aggregation, in one place. The PySpark job (on EMR Serverless) and the local runner
  (embedded Spark) both take the input schema and the SQL from here, so their numbers cannot
  drift apart.

  The schema is explicit and typed: salary and salary_in_usd are BIGINT, so MAX/MIN compare
  numbers. (Reading the CSV without a schema makes them strings and MAX/MIN lexicographic:
  the console tutorial's defect.)

  {salary_column} is replaced at run time by a column the job has checked against
  salaryColumns; :title_filter is a Spark SQL named parameter (empty = every title).
-->
<#assign inputSchema = "work_year INT, experience_level STRING, employment_type STRING, job_title STRING, salary BIGINT, salary_currency STRING, salary_in_usd BIGINT, employee_residence STRING, remote_ratio INT, company_location STRING, company_size STRING">
<#assign salaryColumns = ["salary_in_usd", "salary"]>
<#assign outputColumns = ["job_title", "max_salary", "min_salary"]>
<#assign aggregationSql = "SELECT job_title, MAX({salary_column}) AS max_salary, MIN({salary_column}) AS min_salary FROM salaries WHERE job_title IS NOT NULL AND (:title_filter = '' OR job_title RLIKE :title_filter) GROUP BY job_title ORDER BY job_title">

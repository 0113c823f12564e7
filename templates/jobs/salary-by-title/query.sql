-- Per job title, the maximum and minimum of one salary column.
-- Salaries are BIGINT in schema.ddl, so MAX/MIN compare numbers, not text (the console tutorial's bug).
-- :salary_column picks the column by value and :title_filter keeps the titles matching a regular
-- expression (empty = every title): both are bound parameters, never text spliced into the query.
SELECT job_title,
       MAX(CASE WHEN :salary_column = 'salary' THEN salary ELSE salary_in_usd END) AS max_salary,
       MIN(CASE WHEN :salary_column = 'salary' THEN salary ELSE salary_in_usd END) AS min_salary
FROM salaries
WHERE job_title IS NOT NULL
  AND (:title_filter = '' OR job_title RLIKE :title_filter)
GROUP BY job_title
ORDER BY job_title

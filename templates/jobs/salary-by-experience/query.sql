-- For one work year (:work_year, a bound integer parameter), per experience level (EN, MI, SE, EX)
-- and company size (S, M, L): how many rows, the average and the maximum salary_in_usd.
-- The average is exact decimal arithmetic rounded half-up to two decimals, not a double.
SELECT experience_level,
       company_size,
       COUNT(*) AS row_count,
       ROUND(AVG(CAST(salary_in_usd AS DECIMAL(20, 0))), 2) AS avg_salary_in_usd,
       MAX(salary_in_usd) AS max_salary_in_usd
FROM salaries
WHERE work_year = :work_year
GROUP BY experience_level, company_size
ORDER BY experience_level, company_size

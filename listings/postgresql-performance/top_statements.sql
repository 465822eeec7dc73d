-- Where the database spends its time, worst first. Needs the pg_stat_statements
-- extension (shared_preload_libraries, a restart, then CREATE EXTENSION).
-- ANCHOR: top_statements
SELECT left(regexp_replace(query, '\s+', ' ', 'g'), 70)      AS query,
       calls,
       round(total_exec_time::numeric, 1)                     AS total_ms,
       round(mean_exec_time::numeric, 3)                      AS mean_ms,
       round((100 * total_exec_time / sum(total_exec_time) OVER ())::numeric, 1)
                                                              AS pct_of_total,
       rows / nullif(calls, 0)                                AS rows_per_call,
       (shared_blks_hit + shared_blks_read) / nullif(calls, 0) AS blocks_per_call
FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY total_exec_time DESC
LIMIT 10;
-- ANCHOR_END: top_statements

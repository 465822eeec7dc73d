-- The queries that say what is wrong now (run by diagnose.py, which sets up each situation).

-- ANCHOR: top_statements
SELECT left(regexp_replace(query, '\s+', ' ', 'g'), 60) AS query,
       calls,
       round(total_exec_time) AS total_ms,
       round(mean_exec_time::numeric, 2) AS mean_ms,
       round((100 * total_exec_time / sum(total_exec_time) OVER ())::numeric, 1) AS pct_of_time,
       shared_blks_hit + shared_blks_read AS blocks,
       temp_blks_written
FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND query NOT LIKE '%pg_stat_statements%'  -- not the monitoring's own queries
ORDER BY total_exec_time DESC
LIMIT 5;
-- ANCHOR_END: top_statements

-- ANCHOR: sessions
SELECT pid, application_name, state, wait_event_type, wait_event,
       date_trunc('second', now() - xact_start) AS in_transaction_for,
       left(query, 60) AS query
FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid()
ORDER BY xact_start;
-- ANCHOR_END: sessions

-- ANCHOR: blocked
SELECT waiting.pid AS waiting_pid,
       waiting.application_name AS waiting_app,
       left(waiting.query, 60) AS waiting_query,
       blocker.pid AS blocking_pid,
       blocker.application_name AS blocking_app,
       blocker.state AS blocking_state,
       left(blocker.query, 60) AS blocking_last_query
FROM pg_stat_activity AS waiting
CROSS JOIN LATERAL unnest(pg_blocking_pids(waiting.pid)) AS blocking(pid)
JOIN pg_stat_activity AS blocker ON blocker.pid = blocking.pid;
-- ANCHOR_END: blocked

-- ANCHOR: io
SELECT backend_type, context,
       reads, pg_size_pretty(read_bytes) AS read,
       writes, pg_size_pretty(write_bytes) AS written,
       evictions, fsyncs, hits
FROM pg_stat_io
WHERE object = 'relation' AND coalesce(read_bytes, 0) + coalesce(write_bytes, 0) > 0
ORDER BY coalesce(read_bytes, 0) + coalesce(write_bytes, 0) DESC
LIMIT 4;
-- ANCHOR_END: io

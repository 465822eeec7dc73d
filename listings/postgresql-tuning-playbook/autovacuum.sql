-- Per-table autovacuum settings (run by autovacuum.py).

-- ANCHOR: hot_table
ALTER TABLE hot_accounts SET (autovacuum_vacuum_scale_factor = 0.01);
-- ANCHOR_END: hot_table

-- Each table's scale factor (its own, or the server's) and the dead-row count that triggers a
-- vacuum: threshold + scale factor x estimated rows, capped by autovacuum_vacuum_max_threshold (18).
-- ANCHOR: thresholds
SELECT c.relname,
       coalesce(own.scale_factor, current_setting('autovacuum_vacuum_scale_factor')::float8) AS scale_factor,
       least(current_setting('autovacuum_vacuum_threshold')::float8
               + coalesce(own.scale_factor, current_setting('autovacuum_vacuum_scale_factor')::float8)
                 * c.reltuples,
             current_setting('autovacuum_vacuum_max_threshold')::float8) AS vacuum_at_dead_rows
FROM pg_class AS c
LEFT JOIN LATERAL (
  SELECT split_part(option, '=', 2)::float8 AS scale_factor
  FROM unnest(c.reloptions) AS option
  WHERE option LIKE 'autovacuum_vacuum_scale_factor=%'
) AS own ON true
WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
ORDER BY c.relname DESC;
-- ANCHOR_END: thresholds

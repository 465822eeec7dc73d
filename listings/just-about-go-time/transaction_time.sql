-- ANCHOR: transaction-time
BEGIN;
CREATE TEMP TABLE readings (step int, tx_time timestamptz, wall_time timestamptz);
INSERT INTO readings VALUES (1, now(), clock_timestamp());
INSERT INTO readings SELECT 2, now(), clock_timestamp() FROM pg_sleep(0.05);
SELECT count(DISTINCT tx_time)   AS distinct_now_values,
       count(DISTINCT wall_time) AS distinct_clock_timestamp_values
FROM readings;
COMMIT;
-- ANCHOR_END: transaction-time

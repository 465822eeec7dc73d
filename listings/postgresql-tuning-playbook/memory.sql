-- work_mem: a sort and a hash that spill to disk with the default, and the same queries with more
-- memory for one transaction. Run by the records sort_spill ... report_in_memory (records.toml).

-- ANCHOR: tables
CREATE TABLE customers AS
SELECT g AS customer_id, 'customer ' || g AS name
FROM generate_series(1, 200000) AS g;

CREATE TABLE orders AS
SELECT g AS order_id,
       1 + (g::bigint * 7919) % 200000 AS customer_id,
       round((g::bigint * 104729 % 100000) / 100.0, 2) AS amount
FROM generate_series(1, 1000000) AS g;

ANALYZE customers, orders;
-- ANCHOR_END: tables

-- A first read of freshly loaded rows writes their hint bits; do it here, so the plans below
-- show only their own work.
SELECT count(*) FROM orders;
SELECT count(*) FROM customers;

-- One process per query, so that each plan node's memory is one number (a parallel worker gets a
-- work_mem of its own for each node it runs).
SET max_parallel_workers_per_gather = 0;

-- ANCHOR: sort_spill
EXPLAIN (ANALYZE, BUFFERS)
SELECT order_id, amount FROM orders ORDER BY amount DESC;
-- ANCHOR_END: sort_spill

-- ANCHOR: sort_in_memory
BEGIN;
SET LOCAL work_mem = '64MB';
EXPLAIN (ANALYZE, BUFFERS)
SELECT order_id, amount FROM orders ORDER BY amount DESC;
COMMIT;
-- ANCHOR_END: sort_in_memory

-- ANCHOR: report_spill
EXPLAIN (ANALYZE, BUFFERS)
SELECT c.name, sum(o.amount) AS revenue
FROM orders AS o JOIN customers AS c USING (customer_id)
GROUP BY c.name
ORDER BY revenue DESC;
-- ANCHOR_END: report_spill

-- ANCHOR: report_in_memory
BEGIN;
SET LOCAL work_mem = '64MB';
EXPLAIN (ANALYZE, BUFFERS)
SELECT c.name, sum(o.amount) AS revenue
FROM orders AS o JOIN customers AS c USING (customer_id)
GROUP BY c.name
ORDER BY revenue DESC;
COMMIT;
-- ANCHOR_END: report_in_memory

-- ANCHOR: settings
SELECT current_setting('work_mem') AS work_mem,
       current_setting('hash_mem_multiplier') AS hash_mem_multiplier,
       pg_size_pretty(pg_relation_size('orders')) AS orders_size,
       pg_size_pretty(pg_relation_size('customers')) AS customers_size;
-- ANCHOR_END: settings

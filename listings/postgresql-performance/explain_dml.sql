-- EXPLAIN ANALYZE runs the statement. For anything that writes, measure inside
-- a transaction and throw the changes away.
-- ANCHOR: explain_dml
BEGIN;
EXPLAIN (ANALYZE)
UPDATE orders SET status = 'cancelled' WHERE order_id = 999999;
ROLLBACK;
-- ANCHOR_END: explain_dml

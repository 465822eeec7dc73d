-- The statements the chapter tunes. Each one is an anchor the tests run as written.

-- ANCHOR: recent_orders
-- A customer's latest orders: the account page.
SELECT order_id, status, created_at, total_cents
FROM orders
WHERE customer_id = 4242
ORDER BY created_at DESC
LIMIT 10;
-- ANCHOR_END: recent_orders

-- ANCHOR: orders_in_window
-- Every order of one day, whatever its status: the finance export.
SELECT order_id, status, total_cents
FROM orders
WHERE created_at >= '2025-06-01 00:00+00'
  AND created_at <  '2025-06-02 00:00+00';
-- ANCHOR_END: orders_in_window

-- ANCHOR: delivered_count
-- Most of the table matches: reading all of it is the cheap plan.
SELECT count(*) FROM orders WHERE status = 'delivered';
-- ANCHOR_END: delivered_count

-- ANCHOR: pending_queue
-- The oldest pending orders: the fulfilment worker's queue.
SELECT order_id, customer_id, created_at
FROM orders
WHERE status = 'pending'
ORDER BY created_at
LIMIT 50;
-- ANCHOR_END: pending_queue

-- ANCHOR: spend_history
-- What a customer spent, and when: the loyalty page.
SELECT created_at, total_cents
FROM orders
WHERE customer_id = 4242
ORDER BY created_at DESC;
-- ANCHOR_END: spend_history

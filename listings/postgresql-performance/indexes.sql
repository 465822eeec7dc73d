-- The indexes the chapter tries, one anchor each; the tests create them one at a time.

-- ANCHOR: customer_fk
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
-- ANCHOR_END: customer_fk

-- ANCHOR: customer_recent
-- Equality column first, then the column the query sorts by.
CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at);
-- ANCHOR_END: customer_recent

-- ANCHOR: created_customer
-- The same two columns in the other order.
CREATE INDEX orders_created_customer_idx ON orders (created_at, customer_id);
-- ANCHOR_END: created_customer

-- ANCHOR: status_created
CREATE INDEX orders_status_created_idx ON orders (status, created_at);
-- ANCHOR_END: status_created

-- ANCHOR: pending_partial
-- Only the rows the queue asks for: about 0.5% of the table.
CREATE INDEX orders_pending_created_idx ON orders (created_at)
    WHERE status = 'pending';
-- ANCHOR_END: pending_partial

-- ANCHOR: spend_covering
-- The key serves WHERE and ORDER BY; INCLUDE carries the one other column read.
CREATE INDEX orders_customer_spend_idx ON orders (customer_id, created_at)
    INCLUDE (total_cents);
-- ANCHOR_END: spend_covering

-- ANCHOR: concurrently
-- In production: no lock that blocks writes, at the price of two table scans.
-- It cannot run inside a transaction block, and a failed build leaves an
-- INVALID index behind that must be dropped before retrying.
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
-- ANCHOR_END: concurrently

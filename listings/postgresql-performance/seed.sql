-- Deterministic data, so that every run sees the same rows and the same plans.
-- ANCHOR: seed
INSERT INTO customers (customer_id, email, created_at)
SELECT c,
       'customer' || c || '@example.com',
       timestamptz '2023-01-01 00:00+00' + c * interval '10 minutes'
FROM generate_series(1, 50000) AS c;

-- One million orders, one every 63 seconds from 2024-01-01 (about two years),
-- spread evenly over the customers (7919 is prime, so each customer gets 20).
INSERT INTO orders (customer_id, status, created_at, total_cents, shipping_address)
SELECT 1 + (n * 7919) % 50000,
       CASE WHEN n % 50 = 0   THEN 'cancelled'
            WHEN n > 995000   THEN 'pending'
            WHEN n > 980000   THEN 'paid'
            WHEN n > 950000   THEN 'shipped'
            ELSE 'delivered' END,
       timestamptz '2024-01-01 00:00+00' + n * interval '63 seconds',
       500 + (n * 37) % 20000,
       n || ' Example Street, Springfield'
FROM generate_series(1::bigint, 1000000) AS n;

-- Added after the load: one validation pass instead of a trigger call per row.
-- Note what it does not create: an index on orders.customer_id.
ALTER TABLE orders
    ADD CONSTRAINT orders_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES customers;

ANALYZE customers, orders;
-- ANCHOR_END: seed

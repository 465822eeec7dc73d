-- ANCHOR: schema
CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint      NOT NULL,
    created_at  timestamptz NOT NULL,
    total_cents bigint      NOT NULL
);

-- One customer's orders, newest first, read in index order: no sort step.
CREATE INDEX orders_customer_created ON orders (customer_id, created_at);
-- ANCHOR_END: schema

-- 100,000 orders from 1,000 customers, one a minute.
INSERT INTO orders (customer_id, created_at, total_cents)
SELECT n % 1000, timestamptz '2026-01-01 00:00+00' + n * interval '1 minute', n % 50000
FROM generate_series(1, 100000) AS n;

-- The shop every example in the chapter runs against: customers and their orders.
-- ANCHOR: tables
CREATE TABLE customers (
    customer_id bigint PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL
);

CREATE TABLE orders (
    order_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id      bigint NOT NULL,
    status           text NOT NULL
        CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')),
    created_at       timestamptz NOT NULL,
    total_cents      bigint NOT NULL,
    shipping_address text NOT NULL
);
-- ANCHOR_END: tables

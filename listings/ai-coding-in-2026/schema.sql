-- ANCHOR: schema
CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text NOT NULL,
    total_cents integer NOT NULL,
    placed_at   timestamptz NOT NULL
);
-- ANCHOR_END: schema

INSERT INTO orders (email, total_cents, placed_at) VALUES
    ('ann@example.com', 4200, '2026-03-01 10:00+00'),
    ('bob@example.com', 990, '2026-03-01 11:00+00'),
    ('ann@example.com', 1500, '2026-03-02 09:30+00'),
    ('cho@example.com', 12000, '2026-03-03 16:45+00'),
    ('bob@example.com', 300, '2026-03-04 08:15+00');

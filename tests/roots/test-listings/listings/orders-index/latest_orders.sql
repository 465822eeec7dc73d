-- ANCHOR: query
SELECT created_at
FROM orders
WHERE customer_id = 42
ORDER BY created_at DESC
LIMIT 10;
-- ANCHOR_END: query

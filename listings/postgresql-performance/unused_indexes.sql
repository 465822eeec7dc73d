-- Indexes no query has used since statistics were last reset, biggest first.
-- Unique and primary-key indexes are left out: they enforce constraints even
-- when no query reads them. Check every replica before dropping anything:
-- each server counts only its own scans.
-- ANCHOR: unused_indexes
SELECT s.relname                                       AS table_name,
       s.indexrelname                                  AS index_name,
       pg_size_pretty(pg_relation_size(s.indexrelid))  AS index_size,
       s.idx_scan,
       s.last_idx_scan
FROM pg_stat_user_indexes AS s
JOIN pg_index AS i ON i.indexrelid = s.indexrelid
WHERE s.idx_scan = 0
  AND NOT i.indisunique
  AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = s.indexrelid)
ORDER BY pg_relation_size(s.indexrelid) DESC;
-- ANCHOR_END: unused_indexes

-- The columns of table $2 in schema $1; no rows if there is no such table.
-- By name from the catalog tables, not with to_regclass(), whose cache may
-- not yet see a table another run created while we waited for the lock.
SELECT a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute AS a
JOIN pg_class AS c ON c.oid = a.attrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1
  AND c.relname = $2
  AND a.attnum > 0
  AND NOT a.attisdropped
ORDER BY a.attnum;

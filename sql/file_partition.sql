-- The partition of a table partitioned by filename that is bound to one
-- file ($2) alone; no row for a plain table, or a file with none of its
-- own (its rows are in the DEFAULT partition).
SELECT c.oid::regclass::text
FROM pg_inherits AS i
JOIN pg_class AS c ON c.oid = i.inhrelid
WHERE i.inhparent = $1::regclass
  AND pg_get_expr(c.relpartbound, c.oid) = 'FOR VALUES IN (' || quote_literal($2) || ')';

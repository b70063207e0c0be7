-- Whether partitioned table $2 of schema $1 has a partition for file $3,
-- found by its bound, not its name (which may have needed a suffix). The
-- bound holds no column, so pg_get_expr() needs no relation (and no lock
-- on it, which another session may hold).
SELECT EXISTS (
    SELECT 1
    FROM pg_inherits AS i
    JOIN pg_class AS part ON part.oid = i.inhrelid
    JOIN pg_class AS parent ON parent.oid = i.inhparent
    JOIN pg_namespace AS n ON n.oid = parent.relnamespace
    WHERE n.nspname = $1
      AND parent.relname = $2
      AND pg_get_expr(part.relpartbound, 0) = 'FOR VALUES IN (' || quote_literal($3) || ')'
);

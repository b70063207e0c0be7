-- The partition of table $2 of schema $1 (partitioned by filename) that is
-- bound to file $3 alone, as SQL text; no row for a plain table, or a file
-- without a partition of its own (its rows are in the DEFAULT partition).
-- Found by its bound, not its name (which may have needed a suffix). The
-- bound holds no column, so pg_get_expr() needs no relation (and no lock on
-- it, which another session may hold). It writes the bound's value as a
-- plain literal: quotes doubled, a backslash as it is (quote_literal()
-- would write E'a\\b' for it).
SELECT quote_ident(n.nspname) || '.' || quote_ident(part.relname)
FROM pg_inherits AS i
JOIN pg_class AS part ON part.oid = i.inhrelid
JOIN pg_class AS parent ON parent.oid = i.inhparent
JOIN pg_namespace AS n ON n.oid = parent.relnamespace
WHERE n.nspname = $1
  AND parent.relname = $2
  AND pg_get_expr(part.relpartbound, 0) = 'FOR VALUES IN (''' || replace($3, '''', '''''') || ''')';

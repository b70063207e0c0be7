-- Per file of $2 (a text array): the relfilenode of the relation that holds
-- its rows in table $1 (an oid) now: its own partition, or the plain table;
-- NULL for a partitioned table without a partition of the file.
SELECT f.name, coalesce(part.relfilenode, CASE WHEN t.relkind = 'r' THEN t.relfilenode END)
FROM unnest($2::text[]) AS f(name)
JOIN pg_class AS t ON t.oid = $1::oid
LEFT JOIN (pg_inherits AS i JOIN pg_class AS part ON part.oid = i.inhrelid)
    ON i.inhparent = t.oid
   AND pg_get_expr(part.relpartbound, 0) = 'FOR VALUES IN (''' || replace(f.name, '''', '''''') || ''')';

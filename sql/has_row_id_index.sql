-- Whether table $2 in schema $1 has an index that starts with unique_row_id.
SELECT EXISTS (
    SELECT 1
    FROM pg_index AS i
    JOIN pg_class AS c ON c.oid = i.indrelid
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
    WHERE n.nspname = $1
      AND c.relname = $2
      AND a.attname = 'unique_row_id'
);

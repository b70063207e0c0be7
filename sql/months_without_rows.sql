-- Of the given pickup months ($1, a timestamp[] literal), those in which
-- the table holds no row yet: one probe of the (pickup, id) index each.
SELECT coalesce(array_agg(month), '{{}}')::text
FROM unnest($1::timestamp[]) AS month
WHERE NOT EXISTS (
    SELECT 1 FROM {table}
    WHERE {pickup} >= month AND {pickup} < month + interval '1 month'
);

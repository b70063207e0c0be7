-- Of the given pickup days ($1, a timestamp[] literal), those in which the
-- table holds no row yet: one probe of the (pickup, id) index each.
SELECT coalesce(array_agg(day), '{{}}')::text
FROM unnest($1::timestamp[]) AS day
WHERE NOT EXISTS (
    SELECT 1 FROM {table}
    WHERE {pickup} >= day AND {pickup} < day + interval '1 day'
);

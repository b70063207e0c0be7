-- The pickup months loads have touched since the last transform, of the
-- kinds that have models. $1 target schema, $2 those kinds' names (an
-- array).
SELECT id, taxi, to_char(month, 'YYYY-MM-DD')
FROM taxi_etl.pending_months
WHERE target_schema = $1 AND taxi = ANY ($2::text[])
ORDER BY id;

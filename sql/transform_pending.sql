-- The pickup months loads have touched since the last transform, per taxi
-- kind that has models. $1 target schema.
SELECT id, taxi, to_char(month, 'YYYY-MM-DD')
FROM taxi_etl.pending_months
WHERE target_schema = $1 AND taxi IN ('green', 'yellow')
ORDER BY id;

-- The pickup months the client saw while streaming, for the next
-- incremental transform. $1 taxi, $2 target schema, $3 the months as a
-- timestamp[] literal.
INSERT INTO taxi_etl.pending_months (taxi, target_schema, month)
SELECT $1::text, $2::text, unnest($3::timestamp[]);

-- Forgets the pending months this transform has rebuilt ($1: their ids,
-- comma-separated); months recorded by loads that committed meanwhile stay.
DELETE FROM taxi_etl.pending_months WHERE id = ANY (string_to_array($1, ',')::bigint[]);

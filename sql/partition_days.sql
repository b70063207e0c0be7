-- The pickup days of the rows of a new partition, when the client was not
-- sure of them.
SELECT coalesce(array_agg(DISTINCT {pickup}::date), '{{}}')::text FROM {partition};

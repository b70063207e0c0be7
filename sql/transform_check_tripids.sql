-- The tripid checks the course's dbt build runs on one staging model, over
-- its rows in scope (all of them, or the months an incremental run
-- rebuilt), already materialized in {stg}: rows sharing a tripid (as dbt's
-- unique test finds them), and rows without one.
--
-- One pass groups the rows by a 64-bit hash of their tripid (the rows
-- without one form the NULL group); whole tripids are then compared only
-- among the rows whose hash is shared, and not at all when none is (the
-- EXISTS is decided once, before that scan). Grouping millions of
-- 32-character texts spills to disk, sorting their hashes does not (the
-- caller switches hash aggregation off for this statement, as the planner
-- would hash them).
WITH hash_groups AS MATERIALIZED (
    SELECT hashtextextended(tripid, 0) AS tripid_hash, count(*) AS n
    FROM {stg}
    GROUP BY 1
    HAVING count(*) > 1 OR hashtextextended(tripid, 0) IS NULL
)
SELECT
    (SELECT coalesce(sum(n), 0)
     FROM (SELECT count(*) AS n FROM {stg}
           WHERE EXISTS (SELECT FROM hash_groups WHERE tripid_hash IS NOT NULL)
               AND hashtextextended(tripid, 0) IN (SELECT tripid_hash FROM hash_groups)
           GROUP BY tripid HAVING count(*) > 1) AS duplicated),
    (SELECT coalesce(sum(n), 0) FROM hash_groups WHERE tripid_hash IS NULL);

-- The tripid checks the course's dbt build runs on one staging model, over
-- its rows in scope (all of them, or the months an incremental run
-- rebuilt), already materialized in {stg}: rows sharing a tripid (as dbt's
-- unique test finds them), and rows without one.
--
-- One pass counts the tripids and their distinct 64-bit hashes (a sort of
-- plain integers, where grouping millions of 32-character texts spills to
-- disk). When they are as many, no two tripids are equal, and the rows
-- sharing one are not looked for: the filter on the summary is decided
-- once, before that second scan.
WITH summary AS MATERIALIZED (
    SELECT count(tripid) AS with_tripid,
           count(DISTINCT hashtextextended(tripid, 0)) AS distinct_hashes,
           count(*) - count(tripid) AS without_tripid
    FROM {stg}
)
SELECT
    (SELECT coalesce(sum(n), 0)
     FROM (SELECT count(*) AS n FROM {stg}
           WHERE (SELECT with_tripid > distinct_hashes FROM summary)
               AND tripid IS NOT NULL
           GROUP BY tripid HAVING count(*) > 1) AS duplicated),
    (SELECT without_tripid FROM summary);

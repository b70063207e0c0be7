-- The data checks the course's dbt build runs on one staging model, over
-- its rows in scope (all of them, or the months an incremental run
-- rebuilt), already materialized in {stg}: rows sharing a tripid, rows
-- without one, rows whose pickup or dropoff zone is not in the lookup, and
-- rows whose payment_type is not 1 to 6. The zones are joined, not looked
-- up per row: a subquery in FILTER is not turned into a hash join, and
-- without statistics on the lookup the planner may scan it for every row.
WITH zone_ids AS (SELECT DISTINCT locationid FROM {zones})
SELECT
    (SELECT coalesce(sum(n), 0)
     FROM (SELECT count(*) AS n FROM {stg} WHERE tripid IS NOT NULL
           GROUP BY tripid HAVING count(*) > 1) AS duplicated),
    count(*) FILTER (WHERE s.tripid IS NULL),
    count(*) FILTER (WHERE pickup_zone.locationid IS NULL),
    count(*) FILTER (WHERE dropoff_zone.locationid IS NULL),
    count(*) FILTER (WHERE s.payment_type NOT BETWEEN 1 AND 6)
FROM {stg} AS s
LEFT JOIN zone_ids AS pickup_zone ON pickup_zone.locationid = s.pickup_locationid
LEFT JOIN zone_ids AS dropoff_zone ON dropoff_zone.locationid = s.dropoff_locationid;

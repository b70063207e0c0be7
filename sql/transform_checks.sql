-- The data checks the course's dbt build runs on one staging model, over
-- its rows in scope (all of them, or the months an incremental run
-- rebuilt), already materialized in {stg}: rows sharing a tripid, rows
-- without one, rows whose pickup or dropoff zone is not in the lookup, and
-- rows whose payment_type is not 1 to 6.
SELECT
    (SELECT coalesce(sum(n), 0)
     FROM (SELECT count(*) AS n FROM {stg} WHERE tripid IS NOT NULL
           GROUP BY tripid HAVING count(*) > 1) AS duplicated),
    count(*) FILTER (WHERE tripid IS NULL),
    count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM {zones} AS z
                                       WHERE z.locationid = s.pickup_locationid)),
    count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM {zones} AS z
                                       WHERE z.locationid = s.dropoff_locationid)),
    count(*) FILTER (WHERE payment_type NOT BETWEEN 1 AND 6)
FROM {stg} AS s;

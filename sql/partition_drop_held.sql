-- Deletes from the new partition (not attached yet) the rows whose id the
-- table already holds: the course's MERGE would not insert them. Rows
-- repeated inside the file all stay. A row can only match a row of its own
-- pickup (the id hashes it), so only the table's rows of the file's pickup
-- days ($1) are read, through the pickup index: for a new month, the few
-- rows of other files dated in it. Each is looked up in the new partition's
-- index (OFFSET 0 keeps the lookup a nested loop): joined as a whole, the
-- planner sorted or hashed every row of the new partition.
WITH loaded AS MATERIALIZED (
    SELECT DISTINCT loaded.{pickup} AS pickup, loaded.unique_row_id
    FROM unnest($1::date[]) AS days (day)
    JOIN {table} AS loaded
      ON loaded.{pickup} >= days.day AND loaded.{pickup} < days.day + 1
)
DELETE FROM {partition}
WHERE ctid = ANY (ARRAY(
    SELECT held.ctid
    FROM loaded
    CROSS JOIN LATERAL (
        SELECT new.ctid
        FROM {partition} AS new
        WHERE new.{pickup} = loaded.pickup
          AND new.unique_row_id = loaded.unique_row_id
        OFFSET 0
    ) AS held
));

-- The file's pickup days ($1) in two: the busy ones (its own month's),
-- and the quiet ones, each holding under 1% of the file's rows (a few rows
-- dated outside its month, on days another file fills). Counted through
-- the new partition's index. partition_drop_held.sql reads the table's rows
-- of the busy days, partition_drop_held_quiet.sql looks the rows of the
-- quiet days up in the table: both sides small, where reading the table's
-- rows of every day read a whole month of the table for each later month.
WITH counted AS MATERIALIZED (
    SELECT days.day,
           (SELECT count(*) FROM {partition} AS new
            WHERE new.{pickup} >= days.day AND new.{pickup} < days.day + 1) AS file_rows
    FROM unnest($1::date[]) AS days (day)
)
SELECT coalesce(array_agg(day) FILTER (
           WHERE file_rows * 100 >= (SELECT sum(file_rows) FROM counted)), '{{}}')::text,
       coalesce(array_agg(day) FILTER (
           WHERE file_rows * 100 < (SELECT sum(file_rows) FROM counted)), '{{}}')::text
FROM counted;

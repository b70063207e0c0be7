-- Replaces the zone lookup in one transaction (the caller's): the new rows
-- go into a table of their own, which takes the old one's place only once
-- they are all in. Types as the course's dbt seed creates them.
DROP TABLE IF EXISTS {zones_new};
CREATE TABLE {zones_new} (
    locationid numeric,
    borough text,
    zone text,
    service_zone text
);

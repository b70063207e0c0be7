-- dim_zones: the zone lookup, with the course's renaming of 'Boro Zone'.
SELECT locationid, borough, zone, replace(service_zone, 'Boro', 'Green') AS service_zone
FROM {zones}

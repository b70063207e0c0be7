DROP TABLE IF EXISTS {zones};
ALTER TABLE {zones_new} RENAME TO taxi_zone_lookup;

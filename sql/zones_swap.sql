DROP TABLE IF EXISTS {zones};
ALTER TABLE {zones_new} RENAME TO {name};
-- The transform that follows joins it at once, before autovacuum would.
ANALYZE {zones};

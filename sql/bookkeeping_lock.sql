-- Serialises the creation and upgrades of the taxi_etl schema.
SELECT pg_advisory_xact_lock(hashtextextended('taxi-etl bookkeeping', 0));

-- One transform at a time per schema.
SELECT pg_advisory_xact_lock(hashtextextended('taxi-etl transform ' || $1, 0));

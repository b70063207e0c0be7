-- The lock of advisory_lock.sql without waiting: false if another session
-- holds it.
SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0));

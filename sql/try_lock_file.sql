-- The lock of lock_file.sql without waiting: false if another run holds it.
SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0));

-- Who holds a lock a run waits for (lock_wait.cpp).
-- Each section, from its `-- name:` line to the next, is one statement,
-- looked up by that name (sql.hpp).

-- name: lock_holders
-- The sessions that the backend $1 waits for (pg_blocking_pids: those that
-- hold the lock, and those ahead of it in the queue), the first it waits
-- for first, each once: pid, application_name (else the kind of backend,
-- e.g. an autovacuum worker), state, since when it holds what it holds
-- (its transaction's start, else its state's), and the start of its
-- query. Another role's sessions show no state or query unless the role
-- has pg_read_all_stats.
SELECT b.pid,
       coalesce(nullif(a.application_name, ''), a.backend_type, ''),
       coalesce(a.state, ''),
       coalesce(to_char(coalesce(a.xact_start, a.state_change),
                        CASE WHEN coalesce(a.xact_start, a.state_change)::date = current_date
                             THEN 'HH24:MI:SS' ELSE 'YYYY-MM-DD HH24:MI:SS' END), ''),
       coalesce(left(a.query, 400), '')
FROM (SELECT pid, min(n) AS n
      FROM unnest(pg_blocking_pids($1)) WITH ORDINALITY AS u(pid, n)
      GROUP BY pid) AS b
LEFT JOIN pg_stat_activity AS a ON a.pid = b.pid
ORDER BY b.n;

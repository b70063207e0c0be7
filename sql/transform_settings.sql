-- Settings for the transform's session, on top of session_settings.
-- Its statements are long scans and sorts whose cost estimates send them to
-- JIT compilation, which took longer than it saved (bench/README.md).
SET jit = off;
-- More memory for the sorts of the staging models and of the tripid
-- checks' hashes: fewer and smaller spills to temporary files.
SET work_mem = '64MB';

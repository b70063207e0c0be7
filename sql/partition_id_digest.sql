-- The order-independent digest of a partition's ids: the row count, the
-- ids present, and the sums of each md5's two 64-bit halves (signed, summed
-- exactly as numeric), as the client computes them over the file.
SELECT count(*), count(unique_row_id),
       coalesce(sum(('x' || substr(unique_row_id, 1, 16))::bit(64)::bigint), 0),
       coalesce(sum(('x' || substr(unique_row_id, 17, 16))::bit(64)::bigint), 0)
FROM {partition};

-- Changes whenever any row of the lookup changes: a full rebuild is due.
SELECT coalesce(md5(string_agg(concat_ws('|', locationid, borough, zone, service_zone), ';'
                               ORDER BY locationid, borough, zone, service_zone)), '')
FROM {zones};

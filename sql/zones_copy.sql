COPY {zones_new} (locationid, borough, zone, service_zone) FROM STDIN WITH (FORMAT csv, HEADER true);

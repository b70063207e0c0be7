DROP TABLE pg_temp.taxi_etl_probe;

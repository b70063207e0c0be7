COPY pg_temp.taxi_etl_probe (pickup, unique_row_id) FROM STDIN WITH (FORMAT csv, HEADER true);

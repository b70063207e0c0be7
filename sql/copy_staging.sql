COPY {staging} ({columns}) FROM STDIN WITH (FORMAT csv, HEADER true);

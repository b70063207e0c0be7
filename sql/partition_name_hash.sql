-- A short hash of file name $1, to tell its partition's name apart.
SELECT left(md5($1), 8);

DROP TABLE {scope};

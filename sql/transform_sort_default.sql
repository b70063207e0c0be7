SET LOCAL enable_sort TO DEFAULT;

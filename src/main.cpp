#include "taxi_etl/cli.hpp"

int main(int argc, char **argv)
{
    return taxi_etl::run_cli(argc, argv);
}

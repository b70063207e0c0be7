#!/usr/bin/env python3
"""Writes a zone lookup shaped like the course's taxi_zone_lookup.csv:
265 rows, every field quoted, CRLF line ends; 1 is EWR / Newark Airport,
264 and 265 are borough Unknown. --change N renames zone N (a changed
lookup); --bad-header writes a header the loader must refuse.

    python3 make_zones.py OUT.csv [--change N] [--bad-header]
"""
import argparse

BOROUGHS = ["Manhattan", "Queens", "Brooklyn", "Bronx", "Staten Island"]


def rows(change):
    yield ("1", "EWR", "Newark Airport", "EWR")
    for location in range(2, 264):
        borough = BOROUGHS[location % len(BOROUGHS)]
        zone = f"Zone {location}" + (" (renamed)" if location == change else "")
        service = "Yellow Zone" if borough == "Manhattan" else "Boro Zone"
        yield (str(location), borough, zone, service)
    yield ("264", "Unknown", "NV", "N/A")
    yield ("265", "Unknown", "NA", "N/A")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--change", type=int, default=0)
    parser.add_argument("--bad-header", action="store_true")
    args = parser.parse_args()
    header = ("LocationID", "Borough", "Zone", "service_zone")
    if args.bad_header:
        header = ("LocationID", "Borough", "Zone Name", "service_zone")
    with open(args.out, "w", newline="") as out:
        for fields in [header, *rows(args.change)]:
            out.write(",".join(f'"{field}"' for field in fields) + "\r\n")


if __name__ == "__main__":
    main()

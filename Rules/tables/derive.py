#!/usr/bin/env python3
"""Derives the reference tables in this folder from the World Bank's WDI series as published in
long form (Country Name,Country Code,Year,Value), e.g. the public repositories datasets/gdp
(data/gdp.csv) and datasets/population (data/population.csv).

    python3 derive.py GDP_CSV POPULATION_CSV [ISO3_ISO2_CSV]

Keeps the countries the ISO3 -> ISO2 mapping names (aggregates such as "Arab World" have no
ISO 3166 code and are left out), the years 2000 to 2020, GDP rounded to whole US dollars, and
writes gdp-usd.csv and population.csv sorted by country and year. The mapping defaults to
iso3-iso2.csv beside this script (ISO 3166-1). Same inputs, same output, byte for byte.
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
YEARS = range(2000, 2021)


def derive(source, target, column, iso2):
    rows = {}
    with open(source, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = iso2.get(row["Country Code"])
            year = int(float(row["Year"]))
            if code is None or year not in YEARS or not row["Value"].strip():
                continue
            rows[(code, year)] = round(float(row["Value"]))
    with open(os.path.join(HERE, target), "w", newline="", encoding="utf-8") as handle:
        handle.write(f"country,year,{column}\n")
        for (code, year), value in sorted(rows.items()):
            handle.write(f"{code},{year},{value}\n")
    return len(rows)


def main(arguments):
    if len(arguments) not in (2, 3):
        sys.exit(__doc__)
    mapping = arguments[2] if len(arguments) == 3 else os.path.join(HERE, "iso3-iso2.csv")
    with open(mapping, newline="", encoding="utf-8") as handle:
        iso2 = {row["iso3"]: row["iso2"] for row in csv.DictReader(handle)}
    print("gdp-usd.csv:", derive(arguments[0], "gdp-usd.csv", "gdp", iso2), "rows")
    print("population.csv:", derive(arguments[1], "population.csv", "population", iso2), "rows")


if __name__ == "__main__":
    main(sys.argv[1:])

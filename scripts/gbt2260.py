#!/usr/bin/env python3
"""Regenerates Sources/ReportSite/Resources/gbt2260.tsv from the adcodes of the PyPI package cpca.

    pip download --no-deps cpca==0.5.5 && unzip cpca-0.5.5-py3-none-any.whl
    python3 scripts/gbt2260.py cpca/resources/adcodes.csv > Sources/ReportSite/Resources/gbt2260.tsv
"""
import csv
import sys

rows = set()
with open(sys.argv[1], encoding="utf-8") as f:
    for r in csv.DictReader(f):
        rows.add((r["adcode"][:6], r["name"]))
print("# Administrative divisions of China (GB/T 2260 codes and names), one per line: code<TAB>name.")
print("# Source: the Python package cpca 0.5.5 (PyPI; MIT licence, (c) 2018 QinYuan Du), file")
print("# cpca/resources/adcodes.csv, itself compiled from the National Bureau of Statistics division")
print("# codes; its 12-digit codes are cut to the 6 digits of GB/T 2260. Regenerate with")
print("# scripts/gbt2260.py when the divisions change.")
for code, name in sorted(rows):
    print(f"{code}\t{name}")

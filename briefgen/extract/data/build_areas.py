"""Rebuild areas.tsv, the gazetteer of China's administrative areas that the
owner attribution (briefgen/extract/owners.py) uses to recognize 安义县, 南昌市,
江西省 and to resolve 全市 in a county's article to the county's city.

The data is the adcode table shipped by the cpca package (MIT licence, see
LICENSE-cpca.txt): 6-digit-prefix area codes with their names. We keep the code
and the name only; a code's first 2 digits name its province and first 4 its city.

    pip download --no-deps cpca==0.5.5 && unzip -o cpca-0.5.5-py3-none-any.whl 'cpca/resources/*'
    python briefgen/extract/data/build_areas.py cpca/resources/adcodes.csv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def main(source: str) -> None:
    rows = []
    with open(source, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"][:6], row["name"].strip()
            if name and code.isdigit():
                rows.append((code, name))
    rows = sorted(set(rows))
    out = Path(__file__).with_name("areas.tsv")
    out.write_text("".join(f"{c}\t{n}\n" for c, n in rows), encoding="utf-8")
    print(f"{out}: {len(rows)} areas")


if __name__ == "__main__":
    main(sys.argv[1])

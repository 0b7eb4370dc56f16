"""Throughput of district assignment and place-text geocoding.

    python -m benchmarks.geodata_throughput [--points N] [--texts N]

Prints one JSON object: points per second for the district of random points in the
study area (and their H3 cells), texts per second for geocoding place texts as they
come in tips (mostly repeated texts, a fifth distinct). Medians of 3 runs. The whole
pipeline's benchmark is ``python -m hotspots bench``.
"""

from __future__ import annotations

import argparse
import json

from benchmarks.pipeline import geodata_throughput


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--texts", type=int, default=100_000)
    args = parser.parse_args()
    print(json.dumps(geodata_throughput(args.points, args.texts)))


if __name__ == "__main__":
    main()

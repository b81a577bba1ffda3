"""Benchmark of the key-driver maths (cx_nps_survey/domain/drivers.py): Johnson's
relative weights of 10 drivers over 100,000 customers with 200 bootstrap resamples,
beside the obvious pure-Python way (correlations summed in loops) on a sample of the
resamples, extrapolated. The maths only: the driver matrix is generated in memory (the
SQL pass and the screen are not built yet).

    .venv/bin/python bench/drivers_bench.py [--customers 100000] [--drivers 10]
"""
import argparse
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "cx_nps_survey"))

import numpy as np  # noqa: E402

from domain import drivers  # noqa: E402  (plain Python: no Odoo needed)


def python_correlations(rows):
    """The obvious way: the correlation matrix of the columns with loops."""
    n, p = len(rows), len(rows[0])
    means = [sum(row[j] for row in rows) / n for j in range(p)]
    cov = [[0.0] * p for _j in range(p)]
    for row in rows:
        centred = [row[j] - means[j] for j in range(p)]
        for a in range(p):
            for b in range(a, p):
                cov[a][b] += centred[a] * centred[b]
    return [[cov[min(a, b)][max(a, b)] / (cov[a][a] * cov[b][b]) ** 0.5
             for b in range(p)] for a in range(p)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100000)
    parser.add_argument("--drivers", type=int, default=10)
    parser.add_argument("--resamples", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.RandomState(1)
    x = rng.normal(size=(args.customers, args.drivers))
    x[:, 1] += 0.5 * x[:, 0]
    y = np.clip(np.round(7 + 1.5 * x[:, 0] - 1.0 * x[:, 2] + rng.normal(size=args.customers)),
                0, 10)
    load = subprocess.run(["uptime"], stdout=subprocess.PIPE, universal_newlines=True)
    print("load before: %s" % load.stdout.strip())
    start = time.time()
    weights, r2 = drivers.relative_weights(x, y)
    low, high = drivers.bootstrap_intervals(x, y, resamples=args.resamples, seed=0)
    ours = time.time() - start
    print("relative weights + %d bootstrap resamples, %d customers x %d drivers: %.2f s "
          "(R2 %.3f; driver 1 %.3f [%.3f, %.3f])" % (
              args.resamples, args.customers, args.drivers, ours, r2, weights[0], low[0],
              high[0]))
    rows = np.column_stack([x, y]).tolist()
    start = time.time()
    python_correlations(rows)
    one = time.time() - start
    naive = one * (args.resamples + 1)
    print("obvious way (pure-Python correlations, one pass %.2f s): %d passes = %.0f s "
          "extrapolated; ratio %.0fx" % (one, args.resamples + 1, naive, naive / ours))
    load = subprocess.run(["uptime"], stdout=subprocess.PIPE, universal_newlines=True)
    print("load after: %s" % load.stdout.strip())


if __name__ == "__main__":
    main()

# SciPy peer for bench/drift.bench.ts: the same drift tests on the same raw columns, timed per test
# (reading excluded). Numbers: wasserstein_distance / std (default) and ks_2samp (statistical);
# categories: jensenshannon over counts (default) and chi2_contingency on the 2 x k table.
# Usage: /usr/bin/python3 bench/peers/scipy_drift.py DIR COLS
import json
import os
import sys
import time

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon

directory, cols = sys.argv[1], int(sys.argv[2])
default = 0.0
statistical = 0.0
for j in range(cols):
    categorical = j % 10 >= 7
    ext = 'i32' if categorical else 'f64'
    dtype = np.int32 if categorical else np.float64
    ref = np.fromfile(os.path.join(directory, f'ref-{j}.{ext}'), dtype=dtype)
    cur = np.fromfile(os.path.join(directory, f'cur-{j}.{ext}'), dtype=dtype)
    t0 = time.perf_counter()
    if categorical:
        k = max(ref.max(), cur.max()) + 1
        rc = np.bincount(ref, minlength=k).astype(float)
        cc = np.bincount(cur, minlength=k).astype(float)
        jensenshannon(rc, cc, base=2)
    else:
        stats.wasserstein_distance(ref, cur) / np.std(ref)
    t1 = time.perf_counter()
    if categorical:
        k = max(ref.max(), cur.max()) + 1
        table = np.vstack([np.bincount(ref, minlength=k), np.bincount(cur, minlength=k)]).astype(float)
        table = table[:, table.sum(axis=0) > 0]
        stats.chi2_contingency(table)
    else:
        stats.ks_2samp(ref, cur)
    t2 = time.perf_counter()
    default += t1 - t0
    statistical += t2 - t1
print(json.dumps({'scipy': scipy.__version__, 'defaultSeconds': default, 'statisticalSeconds': statistical}))

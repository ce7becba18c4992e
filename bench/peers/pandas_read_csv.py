# One timed pandas read_csv in a fresh process (the peer for bench/load.bench.ts): one JSON line.
import json
import resource
import sys
import time

import pandas as pd

path = sys.argv[1]
start = time.perf_counter()
frame = pd.read_csv(path)
seconds = time.perf_counter() - start
print(json.dumps({
    "seconds": seconds,
    "rows": int(frame.shape[0]),
    "columns": int(frame.shape[1]),
    "frameBytes": int(frame.memory_usage(index=False, deep=True).sum()),
    "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    "pandas": pd.__version__,
}))

# The scikit-learn peer of bench/unsupervised.bench.ts: one k-means or isolation-forest
# measurement on the benchmark's raw float64 file, printed as JSON.
# Usage: /usr/bin/python3 bench/peers/sk_unsupervised.py kmeans|iforest DATA_DIR ROWS SEED
#        /usr/bin/python3 bench/peers/sk_unsupervised.py kmeans-seeds DATA_DIR ROWS 0 SEEDS   (one start per seed 0..SEEDS-1)
import json
import os
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_info

kind, data_dir, rows, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(os.path.join(data_dir, 'x.f64'), dtype=np.float64, count=rows * 28).reshape(rows, 28)
y = np.fromfile(os.path.join(data_dir, 'y.u8'), dtype=np.uint8, count=rows)

if kind == 'kmeans-seeds':
    runs = []
    for s in range(int(sys.argv[5])):
        t0 = time.perf_counter()
        km = KMeans(n_clusters=8, n_init=1, max_iter=300, tol=1e-4, algorithm='lloyd', random_state=s).fit(X)
        runs.append({'seed': s, 'inertia': float(km.inertia_), 'iterations': int(km.n_iter_), 'seconds': time.perf_counter() - t0})
    print(json.dumps(runs))
elif kind == 'kmeans':
    t0 = time.perf_counter()
    km = KMeans(n_clusters=8, n_init=1, max_iter=300, tol=1e-4, algorithm='lloyd', random_state=seed).fit(X)
    seconds = time.perf_counter() - t0
    threads = max((p.get('num_threads', 1) for p in threadpool_info() if p.get('user_api') == 'openmp'), default=1)
    print(json.dumps({'seconds': seconds, 'inertia': float(km.inertia_), 'iterations': int(km.n_iter_), 'threads': threads}))
else:
    t0 = time.perf_counter()
    forest = IsolationForest(n_estimators=100, max_samples=256, contamination=0.1, random_state=seed).fit(X)
    t1 = time.perf_counter()
    scores = -forest.score_samples(X)
    t2 = time.perf_counter()
    # predict() flags decision_function < 0, i.e. score_samples below offset_: counted without rescoring.
    flagged = int((-scores < forest.offset_).sum())
    print(json.dumps({'fitSeconds': t1 - t0, 'scoreSeconds': t2 - t1, 'auc': float(roc_auc_score(y, scores)), 'flagged': flagged}))

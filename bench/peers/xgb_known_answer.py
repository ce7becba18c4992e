# Peer for the assessment benchmark: XGBoost 1.7 hist trained on every row of a known-answer CSV
# (header x1..x20,label) and scored by ROC AUC on the held-out CSV; one JSON line out.
# Same settings as the boosting benchmark's peer (lossguide, 31 leaves, eta 0.1, 100 rounds), on
# the threads given (default 1), so "the chosen model against XGBoost" compares like with like.
# Usage: /usr/bin/python3 bench/peers/xgb_known_answer.py TRAIN.csv TEST.csv [THREADS]
import json
import os
import resource
import sys
import time

threads = int(sys.argv[3]) if len(sys.argv) > 3 else 1
os.environ.setdefault('OMP_NUM_THREADS', str(threads))

import numpy as np  # noqa: E402
import xgboost as xgb  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402


def load(path):
    # numpy 1.24's loadtxt parses in C; float32 halves the memory of 10,000,000 rows.
    data = np.loadtxt(path, delimiter=',', skiprows=1, dtype=np.float32)
    return data[:, :-1], data[:, -1]


def main():
    train_path, test_path = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    x, y = load(train_path)
    x_test, y_test = load(test_path)
    t1 = time.perf_counter()
    params = {'objective': 'binary:logistic', 'tree_method': 'hist', 'grow_policy': 'lossguide', 'max_leaves': 31,
              'max_depth': 0, 'eta': 0.1, 'max_bin': 256, 'nthread': threads}
    dtrain = xgb.DMatrix(x, label=y, nthread=threads)
    booster = xgb.train(params, dtrain, num_boost_round=100)
    t2 = time.perf_counter()
    p = booster.predict(xgb.DMatrix(x_test, nthread=threads))
    print(json.dumps({
        'name': 'XGBoost %s hist, %d thread(s), lossguide 31 leaves, 100 rounds' % (xgb.__version__, threads),
        'rows': int(len(y)),
        'loadSeconds': t1 - t0,
        'fitSeconds': t2 - t1,
        'auc': float(roc_auc_score(y_test, p)),
        'maxRssBytes': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }))


if __name__ == '__main__':
    main()

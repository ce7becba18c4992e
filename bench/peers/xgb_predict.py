# Prediction-only peer for the boosting benchmark: trains XGBoost 1.7 hist (1 thread, lossguide,
# 31 leaves, 100 rounds), then times inplace_predict on the test rows and on single rows.
# Usage: /usr/bin/python3 bench/peers/xgb_predict.py DIR ROWS TRAIN_ROWS TEST_ROWS REPEATS SINGLES
import json
import os
import sys
import time

os.environ.setdefault('OMP_NUM_THREADS', '1')

import numpy as np  # noqa: E402
import xgboost as xgb  # noqa: E402

FEATURES = 28


def main():
    data_dir, rows, train_rows, test_rows, repeats, singles = sys.argv[1], *map(int, sys.argv[2:7])
    x = np.fromfile(os.path.join(data_dir, 'x.f32'), dtype=np.float32).reshape(rows, FEATURES)
    y = np.fromfile(os.path.join(data_dir, 'y.u8'), dtype=np.uint8).astype(np.float32)
    params = {'objective': 'binary:logistic', 'tree_method': 'hist', 'grow_policy': 'lossguide',
              'max_leaves': 31, 'max_depth': 0, 'eta': 0.1, 'max_bin': 256, 'nthread': 1}
    booster = xgb.train(params, xgb.DMatrix(x[:train_rows], label=y[:train_rows], nthread=1), num_boost_round=100)
    test = np.ascontiguousarray(x[rows - test_rows:])
    booster.inplace_predict(test[:1000])
    batch = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        booster.inplace_predict(test)
        batch.append(time.perf_counter() - t0)
    one = [np.ascontiguousarray(test[i:i + 1]) for i in range(singles)]
    for r in one[:100]:
        booster.inplace_predict(r)
    t0 = time.perf_counter()
    for r in one:
        booster.inplace_predict(r)
    single = (time.perf_counter() - t0) / singles
    print(json.dumps({
        'name': 'XGBoost %s inplace_predict, 1 thread' % xgb.__version__,
        'rowsPerSecond': test_rows / sorted(batch)[len(batch) // 2],
        'singleRowMicros': single * 1e6,
    }))


if __name__ == '__main__':
    main()

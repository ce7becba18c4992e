# Peer runs for the boosting benchmark: XGBoost 1.7 hist (single thread, lossguide, 31 leaves)
# or scikit-learn 1.2 HistGradientBoosting on the same float32 file, one JSON line out; binary
# classification (test AUC) by default, regression (test RMSE) when the last argument says so.
# Usage: /usr/bin/python3 bench/peers/xgb_gbdt.py DIR ROWS TRAIN_ROWS xgboost|sklearn [binary|regression]
import json
import os
import resource
import sys
import time

os.environ.setdefault('OMP_NUM_THREADS', '1')

import numpy as np  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

FEATURES = 28
REGRESSION_FEATURES = 20


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    data_dir, rows, train_rows, which = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    regression = len(sys.argv) > 5 and sys.argv[5] == 'regression'
    features = REGRESSION_FEATURES if regression else FEATURES
    x = np.fromfile(os.path.join(data_dir, 'x.f32'), dtype=np.float32).reshape(rows, features)
    if regression:
        y = np.fromfile(os.path.join(data_dir, 'y.f32'), dtype=np.float32)
    else:
        y = np.fromfile(os.path.join(data_dir, 'y.u8'), dtype=np.uint8).astype(np.float32)
    x_train, y_train, x_test, y_test = x[:train_rows], y[:train_rows], x[train_rows:], y[train_rows:]
    if which == 'xgboost':
        import xgboost as xgb
        name = 'XGBoost %s hist, 1 thread, lossguide' % xgb.__version__
        params = {'objective': 'reg:squarederror' if regression else 'binary:logistic', 'tree_method': 'hist',
                  'grow_policy': 'lossguide', 'max_leaves': 31, 'max_depth': 0, 'eta': 0.1, 'max_bin': 256, 'nthread': 1}
        c0, t0 = cpu_seconds(), time.perf_counter()
        dtrain = xgb.DMatrix(x_train, label=y_train, nthread=1)
        booster = xgb.train(params, dtrain, num_boost_round=100)
        c1, t1 = cpu_seconds(), time.perf_counter()
        p = booster.predict(xgb.DMatrix(x_test, nthread=1))
        t2 = time.perf_counter()
        trees = 100
    else:
        import sklearn
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
        name = 'scikit-learn %s HistGradientBoosting, OMP_NUM_THREADS=%s' % (sklearn.__version__, os.environ['OMP_NUM_THREADS'])
        estimator = HistGradientBoostingRegressor if regression else HistGradientBoostingClassifier
        model = estimator(max_iter=100, max_leaf_nodes=31, learning_rate=0.1, max_bins=255,
                          early_stopping=False, random_state=0)
        c0, t0 = cpu_seconds(), time.perf_counter()
        model.fit(x_train, y_train)
        c1, t1 = cpu_seconds(), time.perf_counter()
        p = model.predict(x_test) if regression else model.predict_proba(x_test)[:, 1]
        t2 = time.perf_counter()
        trees = model.n_iter_
    if regression:
        quality = {'rmse': float(np.sqrt(np.mean((p.astype(np.float64) - y_test.astype(np.float64)) ** 2)))}
    else:
        quality = {'auc': float(roc_auc_score(y_test, p))}
    print(json.dumps({
        'name': name,
        'fitSeconds': t1 - t0,
        'fitCpuSeconds': c1 - c0,
        **quality,
        'predictRowsPerSecond': len(y_test) / (t2 - t1),
        'maxRssBytes': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        'trees': int(trees),
        'features': features,
    }))


if __name__ == '__main__':
    main()

// The kinds of problem framewise handles: shared by the problem card, the learners and every
// stage after them.

export type Task = 'regression' | 'binary' | 'multiclass' | 'multilabel' | 'clustering' | 'anomaly';

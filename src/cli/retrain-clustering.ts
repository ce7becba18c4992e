// Why `retrain` does not retrain a clustering model, and what to do instead: there is no label to
// compare a challenger with, and a new k-means run makes new groups whose numbers mean nothing
// to the old ones, so the comparison retrain makes has no meaning; the brief chooses k afresh.

import { FramewiseError } from '../core/errors.js';

export function clusteringRetrainRefusal(ref: string, name: string, hasCard: boolean): FramewiseError {
  return new FramewiseError('INVALID_ARGUMENT', `${ref} is a clustering model: retrain compares a challenger's predictions with labels, and clusters have none; a new k-means run also numbers its groups afresh, so its cluster 0 is not ${ref}'s cluster 0.`, {
    hint: `${hasCard ? `Re-run the brief on the new data (point the card's data.file at it): framewise brief CARD --register ${name}. It chooses k again, scores the groups against the one-feature bar, and registers a new version with its groups' shares and silhouette as the promise.` : `Train and register it again on the new data: framewise train DATA --model kmeans --register ${name}, or write a card (framewise init DATA) and run framewise brief CARD --register ${name}.`} Watch the groups meanwhile with: framewise monitor ${name} --current FILE (cluster shares and silhouette against the promise).`,
    location: { field: 'name' },
  });
}

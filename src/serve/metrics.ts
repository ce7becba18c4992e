// The server's Prometheus metrics, on a registry of its own: request latency and counts by route
// and status, errors by code, predictions by decided class, out-of-distribution values, and the
// version each model serves. Latency, request and prediction counts are tallied per request in
// plain numbers and handed to prom-client when /metrics is scraped.

import { Counter, Gauge, Registry } from 'prom-client';
import { CountTally, LatencyTally, TalliedHistogram, talliedCounter } from './tallied-metrics.js';

export class ServeMetrics {
  readonly registry = new Registry();
  private readonly requestTally = new LatencyTally([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);
  private readonly predictionTally = new CountTally();
  readonly latency = new TalliedHistogram(this.requestTally, {
    name: 'framewise_http_request_duration_seconds',
    help: 'Request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly requests = talliedCounter(
    { name: 'framewise_http_requests_total', help: 'Requests by route and status', labelNames: ['method', 'route', 'status'] as const, registers: [this.registry] },
    (inc) => this.requestTally.drainCounts(inc),
  );
  readonly errors = new Counter({ name: 'framewise_http_errors_total', help: 'Error responses by route and error code', labelNames: ['route', 'code'] as const, registers: [this.registry] });
  readonly predictions = talliedCounter(
    { name: 'framewise_predictions_total', help: 'Predicted rows by model, version and decided class', labelNames: ['model', 'version', 'class'] as const, registers: [this.registry] },
    (inc) => this.predictionTally.drain(inc),
  );
  readonly ood = new Counter({ name: 'framewise_ood_values_total', help: 'Out-of-distribution values by model, field and reason', labelNames: ['model', 'field', 'reason'] as const, registers: [this.registry] });
  readonly modelVersion = new Gauge({ name: 'framewise_model_version', help: 'The version each model serves as champion', labelNames: ['model'] as const, registers: [this.registry] });
  readonly logPending = new Gauge({ name: 'framewise_prediction_log_pending', help: 'Predictions waiting to be written to the log', registers: [this.registry] });

  observe(method: string, route: string, status: number, seconds: number): void {
    // Methods and route patterns are few: unmatched URLs share one route label.
    this.requestTally.observe(`${method} ${status} ${route}`, () => ({ method, route, status: String(status) }), seconds);
  }

  /** Counts predicted rows by the class each decision settled on. */
  countPredictions(model: string, version: number, decided: readonly string[]): void {
    for (const d of decided) this.predictionTally.add(`${version} ${model}\u0000${d}`, () => ({ model, version: String(version), class: d }));
  }
}

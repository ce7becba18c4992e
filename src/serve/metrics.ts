// The server's Prometheus metrics, on a registry of its own: request latency and counts by route
// and status, errors by code, predictions by decided class, out-of-distribution values, and the
// version each model serves.

import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export class ServeMetrics {
  readonly registry = new Registry();
  readonly latency = new Histogram({
    name: 'framewise_http_request_duration_seconds',
    help: 'Request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly requests = new Counter({ name: 'framewise_http_requests_total', help: 'Requests by route and status', labelNames: ['method', 'route', 'status'] as const, registers: [this.registry] });
  readonly errors = new Counter({ name: 'framewise_http_errors_total', help: 'Error responses by route and error code', labelNames: ['route', 'code'] as const, registers: [this.registry] });
  readonly predictions = new Counter({ name: 'framewise_predictions_total', help: 'Predicted rows by model, version and decided class', labelNames: ['model', 'version', 'class'] as const, registers: [this.registry] });
  readonly ood = new Counter({ name: 'framewise_ood_values_total', help: 'Out-of-distribution values by model, field and reason', labelNames: ['model', 'field', 'reason'] as const, registers: [this.registry] });
  readonly modelVersion = new Gauge({ name: 'framewise_model_version', help: 'The version each model serves as champion', labelNames: ['model'] as const, registers: [this.registry] });
  readonly logPending = new Gauge({ name: 'framewise_prediction_log_pending', help: 'Predictions waiting to be written to the log', registers: [this.registry] });

  /** Label objects made once per method, route and status (and per model, version and class). */
  private readonly labels = new Map<string, Record<string, string>>();

  private labelsOf(key: string, make: () => Record<string, string>): Record<string, string> {
    let labels = this.labels.get(key);
    if (labels === undefined) {
      labels = make();
      // Routes and classes are few; a client cannot grow this (unmatched URLs share one route label).
      if (this.labels.size < 10_000) this.labels.set(key, labels);
    }
    return labels;
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = this.labelsOf(`${method} ${status} ${route}`, () => ({ method, route, status: String(status) }));
    this.latency.observe(labels, seconds);
    this.requests.inc(labels);
  }

  /** Counts predicted rows by the class each decision settled on. */
  countPredictions(model: string, version: number, decided: readonly string[]): void {
    if (decided.length === 1) {
      const only = decided[0]!;
      this.predictions.inc(this.labelsOf(`p ${version} ${model}\u0000${only}`, () => ({ model, version: String(version), class: only })));
      return;
    }
    const counts = new Map<string, number>();
    for (const d of decided) counts.set(d, (counts.get(d) ?? 0) + 1);
    for (const [d, count] of counts) this.predictions.inc(this.labelsOf(`p ${version} ${model}\u0000${d}`, () => ({ model, version: String(version), class: d })), count);
  }
}

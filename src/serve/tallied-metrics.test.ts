// Request metrics tallied per label set read out as Prometheus histograms and counters: cumulative
// buckets, sums and counts, and counters that keep growing from scrape to scrape.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServeMetrics } from './metrics.js';

function line(text: string, start: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(start));
}

test('latency buckets are cumulative per method, route and status, with sum and count', async () => {
  const m = new ServeMetrics();
  for (const s of [0.0004, 0.003, 0.003, 0.2, 7]) m.observe('POST', '/v1/models/:name/predict', 200, s);
  m.observe('GET', '/healthz', 200, 0.0001);
  const text = await m.registry.metrics();
  const labels = 'method="POST",route="/v1/models/:name/predict",status="200"';
  const bucket = (le: string): number => Number(line(text, `framewise_http_request_duration_seconds_bucket{le="${le}",${labels}}`)?.split(' ')[1]);
  assert.equal(bucket('0.001'), 1);
  assert.equal(bucket('0.0025'), 1);
  assert.equal(bucket('0.005'), 3);
  assert.equal(bucket('0.25'), 3 + 1);
  assert.equal(bucket('2.5'), 4);
  assert.equal(bucket('+Inf'), 5);
  assert.equal(Number(line(text, `framewise_http_request_duration_seconds_count{${labels}}`)?.split(' ')[1]), 5);
  assert.ok(Math.abs(Number(line(text, `framewise_http_request_duration_seconds_sum{${labels}}`)?.split(' ')[1]) - 7.2064) < 1e-12);
  assert.match(text, /# TYPE framewise_http_request_duration_seconds histogram/);
  assert.match(text, /framewise_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1\n/);
});

test('request and prediction counters add up across scrapes', async () => {
  const m = new ServeMetrics();
  m.observe('POST', '/p', 200, 0.001);
  m.countPredictions('sex', 2, ['male', 'female', 'male']);
  const first = await m.registry.metrics();
  assert.match(first, /framewise_http_requests_total\{method="POST",route="\/p",status="200"\} 1\n/);
  assert.match(first, /framewise_predictions_total\{model="sex",version="2",class="male"\} 2\n/);
  m.observe('POST', '/p', 200, 0.001);
  m.observe('POST', '/p', 400, 0.001);
  m.countPredictions('sex', 2, ['male']);
  const second = await m.registry.metrics();
  assert.match(second, /framewise_http_requests_total\{method="POST",route="\/p",status="200"\} 2\n/);
  assert.match(second, /framewise_http_requests_total\{method="POST",route="\/p",status="400"\} 1\n/);
  assert.match(second, /framewise_predictions_total\{model="sex",version="2",class="male"\} 3\n/);
  assert.match(second, /framewise_predictions_total\{model="sex",version="2",class="female"\} 1\n/);
  const json = await m.registry.getMetricsAsJSON();
  assert.ok(json.some((metric) => metric.name === 'framewise_http_request_duration_seconds' && metric.values.length === 2 * 14));
});

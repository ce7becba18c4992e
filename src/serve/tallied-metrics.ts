// Request metrics counted in plain numbers per label set and read out by prom-client when /metrics
// is scraped: prom-client's own observe and inc validate and hash the labels on every call, which
// costs more than the rest of a request's bookkeeping.

import { Counter, type CounterConfiguration, Histogram, type HistogramConfiguration, type LabelValues } from 'prom-client';

interface Cell {
  readonly labels: Readonly<Record<string, string>>;
  /** Observations per bucket (not cumulative); the last one is above every bound. */
  readonly buckets: Float64Array;
  sum: number;
  count: number;
  /** Counts already handed to a counter. */
  reported: number;
}

/** Latencies and counts per label set, found by a key the caller builds (cheaper than hashing an object). */
export class LatencyTally {
  private readonly cells = new Map<string, Cell>();
  constructor(readonly bounds: readonly number[]) {}

  observe(key: string, labels: () => Readonly<Record<string, string>>, seconds: number): void {
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = { labels: labels(), buckets: new Float64Array(this.bounds.length + 1), sum: 0, count: 0, reported: 0 };
      this.cells.set(key, cell);
    }
    let b = 0;
    while (b < this.bounds.length && seconds > this.bounds[b]!) b++;
    cell.buckets[b]!++;
    cell.sum += seconds;
    cell.count++;
  }

  /** Hands each label set's count since the last call (for a counter fed on scrape). */
  drainCounts(inc: (labels: Readonly<Record<string, string>>, n: number) => void): void {
    for (const cell of this.cells.values()) {
      if (cell.count > cell.reported) inc(cell.labels, cell.count - cell.reported);
      cell.reported = cell.count;
    }
  }

  cellList(): readonly Cell[] {
    return [...this.cells.values()];
  }
}

/** Counts per label set, handed to a prom-client counter when scraped. */
export class CountTally {
  private readonly cells = new Map<string, { readonly labels: Readonly<Record<string, string>>; count: number }>();

  add(key: string, labels: () => Readonly<Record<string, string>>, n = 1): void {
    const cell = this.cells.get(key);
    if (cell === undefined) this.cells.set(key, { labels: labels(), count: n });
    else cell.count += n;
  }

  /** Hands each label set's count since the last call, and starts again from zero. */
  drain(inc: (labels: Readonly<Record<string, string>>, n: number) => void): void {
    for (const cell of this.cells.values()) {
      if (cell.count > 0) inc(cell.labels, cell.count);
      cell.count = 0;
    }
  }
}

/** Hands each label set's count since the last call: what a tally gives a counter fed on scrape. */
type Drain = (inc: (labels: Readonly<Record<string, string>>, n: number) => void) => void;

/** A prom-client counter that takes its counts from a tally when scraped. */
export function talliedCounter<T extends string>(config: Omit<CounterConfiguration<T>, 'collect'>, drain: Drain): Counter<T> {
  return new Counter<T>({
    ...config,
    collect() {
      drain((labels, n) => this.inc(labels as LabelValues<T>, n));
    },
  });
}

type HistogramData<T extends string> = Awaited<ReturnType<Histogram<T>['get']>>;

/** A prom-client histogram whose values are read from a LatencyTally when scraped. */
export class TalliedHistogram<T extends string> extends Histogram<T> {
  private readonly tally: LatencyTally;
  private readonly config: HistogramConfiguration<T>;

  constructor(tally: LatencyTally, config: HistogramConfiguration<T>) {
    super({ ...config, buckets: [...tally.bounds] });
    this.tally = tally;
    this.config = config;
  }

  override async get(): Promise<HistogramData<T>> {
    return this.snapshot();
  }

  /** What prom-client's registry reads when it writes the text format. */
  async getForPromString(): Promise<HistogramData<T>> {
    return this.snapshot();
  }

  private snapshot(): HistogramData<T> {
    const { name, help } = this.config;
    const values: HistogramData<T>['values'] = [];
    const bounds = this.tally.bounds;
    for (const cell of this.tally.cellList()) {
      let cumulative = 0;
      for (let b = 0; b <= bounds.length; b++) {
        cumulative += cell.buckets[b]!;
        values.push({ metricName: `${name}_bucket`, labels: { le: b < bounds.length ? bounds[b]! : '+Inf', ...cell.labels } as LabelValues<T>, value: cumulative });
      }
      values.push({ metricName: `${name}_sum`, labels: { ...cell.labels } as LabelValues<T>, value: cell.sum });
      values.push({ metricName: `${name}_count`, labels: { ...cell.labels } as LabelValues<T>, value: cell.count });
    }
    // The type declarations call the type an enum; the library itself writes the string.
    return { name, help, type: 'histogram' as unknown as HistogramData<T>['type'], values, aggregator: 'sum', collect: () => {} };
  }
}

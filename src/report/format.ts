// Numbers as a reader wants them: thousands separated, shares as percentages, money with its
// currency, and plural nouns that agree.

export function num(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

export function pct(share: number): string {
  if (!Number.isFinite(share)) return '–';
  return `${(100 * share).toFixed(share !== 0 && Math.abs(share) < 0.01 ? 2 : share === 1 || share === 0 ? 0 : 1)}%`;
}

export function money(value: number, currency: string): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const text = abs >= 100 ? Math.round(abs).toLocaleString('en-US') : abs.toFixed(2);
  return `${value < 0 ? '−' : ''}${text}${currency ? ` ${currency}` : ''}`;
}

export function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}

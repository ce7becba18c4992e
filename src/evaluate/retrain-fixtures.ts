// Test data for retraining, cut from the real Seattle weather example: an "old" period the
// champion learns from, a "new" one where the relation holds, and a "shifted" new one where
// tomorrow's rain follows today's wind instead, changed deterministically so a challenger wins.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../core/paths.js';

export interface WeatherPeriods {
  /** 2012–2013: 731 days. */
  readonly old: string;
  /** 2014–2015 as recorded: 730 days. */
  readonly new: string;
  /** 2014–2015 with each day's precipitation set from the day before's wind (one day in five flipped). */
  readonly shifted: string;
}

/** Writes old.csv, new.csv and shifted.csv into `dir` and returns their paths. */
export function writeWeatherPeriods(dir: string): WeatherPeriods {
  const [header, ...rows] = readFileSync(fromRoot('examples', 'seattle-weather.csv'), 'utf8').trim().split('\n');
  const old = rows.filter((r) => r < '2014-01-01');
  const recent = rows.filter((r) => r >= '2014-01-01');
  // Columns: date, precipitation, temp_max, temp_min, wind, weather. The card's label is "some
  // precipitation tomorrow", so setting day d's precipitation sets day d-1's label.
  const shifted = recent.map((row, d) => {
    if (d === 0) return row;
    const cells = row.split(',');
    const windBefore = Number(recent[d - 1]!.split(',')[4]);
    const rains = windBefore > 3.5 !== (d % 5 === 0);
    cells[1] = rains ? '5.0' : '0.0';
    return cells.join(',');
  });
  const write = (name: string, lines: readonly string[]): string => {
    const path = join(dir, name);
    writeFileSync(path, `${[header, ...lines].join('\n')}\n`);
    return path;
  };
  return { old: write('old.csv', old), new: write('new.csv', recent), shifted: write('shifted.csv', shifted) };
}

/** The example card, pointed at `dataFile` (absolute), with its business figures kept or dropped. */
export function weatherCard(dataFile: string, withBusiness: boolean): string {
  const text = readFileSync(fromRoot('examples', 'seattle-weather', 'framewise.yaml'), 'utf8').replace('file: ../seattle-weather.csv', `file: ${dataFile}`);
  if (withBusiness) return text;
  const start = text.indexOf('\nbusiness:');
  const end = text.indexOf('\nassess:');
  return `${text.slice(0, start)}${text.slice(end)}`;
}

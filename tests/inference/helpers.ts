import { expect } from 'vitest';
import { toPanel } from '../../src/inference/index.js';
import type { Panel } from '../../src/inference/panel.js';
import { makeSeries } from '../../src/model/series.js';
import { fixture } from './fixture.js';

/** The real EU27 → KZ/AM/KG vs GE/UZ panel of the fixture, as `toPanel` builds it. */
export function realPanel(): Panel {
  const real = fixture.real;
  const series = Object.entries(real.series).map(([partner, values]) =>
    makeSeries({
      key: { reporter: 'EU27_2020', partner, flow: 'export', product: 'TOTAL' },
      currency: 'EUR',
      start: real.start,
      values,
    }),
  );
  return toPanel(series, {
    treated: (k) => real.treated.includes(k.partner),
    post: real.post,
    exclude: real.exclude,
  });
}

/** Assert that every number anywhere in a result is finite (no NaN/Infinity hidden in it). */
export function expectAllFinite(value: unknown): void {
  const bad: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) bad.push(path);
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(x, `${path}[${i}]`);
      });
    } else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(value, '$');
  expect(bad).toEqual([]);
}

import { describe, expect, it } from 'vitest';
import { DataValidationError, OptionsError } from '../../src/index.js';
import {
  basketForEditions,
  type HsConcordanceRow,
  mapProductEdition,
  productGroup,
  toSeries,
} from '../../src/panel/index.js';
import { obs } from './helpers.js';

const KG = { reporter: 'EU27_2020', partner: 'KG', flow: 'export' } as const;

// A small table in the shape of the UNSD one: road tractors split in HS2022 (870120 → 870121..870122), an
// unchanged subheading, an n:n pair, and a "hub" linked to many old codes (like 8549 e-waste).
const TABLE: HsConcordanceRow[] = [
  { hs2022: '870121', hs2017: '870120', relationship: 'n:1' },
  { hs2022: '870122', hs2017: '870120', relationship: 'n:1' },
  { hs2022: '847130', hs2017: '847130', relationship: '1:1' },
  { hs2022: '030791', hs2017: '030791', relationship: 'n:n' },
  { hs2022: '030990', hs2017: '030791', relationship: 'n:n' },
  { hs2022: '030990', hs2017: '030799', relationship: 'n:n' },
  { hs2022: '854911', hs2017: '847130', relationship: 'n:n' },
  { hs2022: '854911', hs2017: '850710', relationship: 'n:n' },
  { hs2022: '854911', hs2017: '850720', relationship: 'n:n' },
  { hs2022: '854911', hs2017: '854810', relationship: 'n:n' },
  { hs2022: '850710', hs2017: '850710', relationship: '1:1' },
  { hs2022: '850720', hs2017: '850720', relationship: '1:1' },
];

/** Monthly CN8 exports: 100 a month of road tractors in 2021 (one CN2021 code), split over two CN2022 codes in 2022. */
function tractorData() {
  const out = [];
  for (const m of ['10', '11', '12']) out.push(obs({ period: `2021-${m}`, product: '87012010', value: 100 }));
  for (const m of ['01', '02', '03']) {
    out.push(obs({ period: `2022-${m}`, product: '87012110', value: 60 }));
    out.push(obs({ period: `2022-${m}`, product: '87012210', value: 40 }));
  }
  return out;
}

describe('basketForEditions', () => {
  it('a code that splits in two: the basket holds both new codes, so the series has no break in 2022-01', () => {
    const basket = basketForEditions(['870120'], TABLE, { edition: 'HS2017' });
    expect(basket.hs2017).toEqual(['870120']);
    expect(basket.hs2022).toEqual(['870121', '870122']);
    expect(basket.sets).toEqual([
      { input: ['870120'], hs2017: ['870120'], hs2022: ['870121', '870122'], relationship: 'n:1' },
    ]);
    const mapped = toSeries(productGroup(tractorData(), basket, { name: 'tractors' }), {
      ...KG,
      product: 'tractors',
    });
    expect(mapped.values).toEqual([100, 100, 100, 100, 100, 100]);
    // Without mapping, the HS2017 code list loses everything at the revision.
    const naive = toSeries(productGroup(tractorData(), ['870120'], { name: 'tractors' }), {
      ...KG,
      product: 'tractors',
    });
    expect(naive.periods).toEqual(['2021-10', '2021-11', '2021-12']);
  });

  it('the basket is the same from either side of the break', () => {
    const from2022 = basketForEditions(['870121'], TABLE, { edition: 'HS2022' });
    expect(from2022.hs2017).toEqual(['870120']);
    expect(from2022.hs2022).toEqual(['870121', '870122']);
  });

  it('keeps CN8 codes whose subheading did not change, and widens the others to their HS6 set with a warning', () => {
    const b = basketForEditions(['84713000', '87012010'], TABLE, { edition: 'HS2017', hubDegree: 3 });
    expect(b.hs2017).toEqual(['84713000', '870120']);
    expect(b.hs2022).toEqual(['84713000', '870121', '870122']);
    expect(b.warnings.join('\n')).toMatch(/1 CN8 code\(s\) widened to their whole HS6 set .*87012010/);
    expect(basketForEditions(['84713000'], TABLE, { hs6: true, hubDegree: 3 }).hs2022).toEqual(['847130']);
  });

  it('includes the whole connected set of an n:n relation and says so', () => {
    const b = basketForEditions(['030799'], TABLE, { edition: 'HS2017' });
    expect(b.hs2017).toEqual(['030791', '030799']);
    expect(b.hs2022).toEqual(['030791', '030990']);
    expect(b.sets[0]?.relationship).toBe('n:n');
    expect(b.warnings.join('\n')).toMatch(/030799 ambiguous \(n:n\): included the whole connected set/);
  });

  it('does not follow links to hub codes, but reports them; a code linked only to hubs takes them one step', () => {
    const b = basketForEditions(['847130'], TABLE, { edition: 'HS2017', hubDegree: 3 });
    expect(b.hs2022).toEqual(['847130']); // not 854911, which would pull in 850710 and 850720
    expect(b.warnings.join('\n')).toMatch(
      /links to 1 hub code\(s\) with more than 3 correspondents not followed.*HS2022:854911/,
    );
    const only = basketForEditions(['854810'], TABLE, { edition: 'HS2017', hubDegree: 3 });
    expect(only.hs2022).toEqual(['854911']);
    expect(only.hs2017).toEqual(['854810']);
    expect(only.warnings.join('\n')).toMatch(/linked only through hub codes/);
    // With the default threshold 854911 (4 links) is an ordinary n:n code and is followed.
    expect(basketForEditions(['847130'], TABLE, { edition: 'HS2017' }).hs2022).toContain('854911');
  });

  it('expands HS4 entries to their subheadings and keeps codes missing from the table, with warnings', () => {
    const b = basketForEditions(['8701', '999999'], TABLE, { edition: 'HS2017' });
    expect(b.hs2017).toEqual(['870120', '999999']);
    expect(b.hs2022).toEqual(['870121', '870122', '999999']);
    expect(b.warnings.join('\n')).toMatch(/1 code\(s\) not in the correlation table kept unchanged/);
  });

  it('validates the table, naming the row and field', () => {
    const bad = [...TABLE, { hs2022: '87012', hs2017: '870120', relationship: '1:1' } as HsConcordanceRow];
    expect(() => basketForEditions(['870120'], bad)).toThrow(DataValidationError);
    try {
      basketForEditions(['870120'], bad);
    } catch (e) {
      expect((e as DataValidationError).line).toBe(bad.length);
      expect((e as DataValidationError).field).toBe('hs2022');
    }
    expect(() => basketForEditions(['870120'], [])).toThrow(OptionsError);
  });
});

describe('mapProductEdition', () => {
  it('re-codes HS2022 observations to HS2017 through their HS6 prefix, summing n:1, leaving 2021 alone', () => {
    const out = mapProductEdition(tractorData(), TABLE, { from: 'HS2022', to: 'HS2017' });
    const mar = out.filter((o) => o.period === '2022-03');
    expect(mar).toHaveLength(1);
    expect(mar[0]?.product).toEqual({ classification: 'HS', code: '870120', level: 6, edition: 'HS2017' });
    expect(mar[0]?.value).toBe(100);
    expect(mar[0]?.notes?.join('\n')).toMatch(/HS2022 → HS2017 with the UNSD correlation table/);
    const dec = out.filter((o) => o.period === '2021-12');
    expect(dec[0]?.product.code).toBe('87012010');
  });

  it('leaves an ambiguous (1:n) code unmapped with a note, or refuses it with ambiguous error', () => {
    const input = [obs({ period: '2022-01', product: '03099000', value: 5 })];
    const out = mapProductEdition(input, TABLE, { from: 'HS2022', to: 'HS2017' });
    expect(out[0]?.product.code).toBe('03099000');
    expect(out[0]?.notes?.join('\n')).toMatch(/030990 corresponds to 2 HS2017 codes; left unmapped/);
    expect(() =>
      mapProductEdition(input, TABLE, { from: 'HS2022', to: 'HS2017', ambiguous: 'error' }),
    ).toThrow(OptionsError);
  });

  it('maps HS2017 to HS2022 where a code has one correspondent (hub links ignored), and leaves splits alone', () => {
    const input = [
      obs({ period: '2021-01', product: '84713000', value: 5 }),
      obs({ period: '2021-01', product: '87012010', value: 7 }),
    ];
    const out = mapProductEdition(input, TABLE, { from: 'HS2017', to: 'HS2022', hubDegree: 3 });
    expect(out.find((o) => o.product.code === '847130')?.value).toBe(5);
    // 870120 splits into two HS2022 codes: left as it is.
    expect(out.find((o) => o.product.code === '87012010')?.value).toBe(7);
    expect(() => mapProductEdition(input, TABLE, { from: 'HS2017', to: 'HS2017' })).toThrow(OptionsError);
  });
});

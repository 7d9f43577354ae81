import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets.js';
import { OptionsError } from '../../src/errors.js';
import { getAggregate, getCountry, isCountryCode } from '../../src/reference/countries.js';
import { fxTableFromRows } from '../../src/reference/currencies.js';
import {
  CN2022_REVISION_DATE,
  EU_SANCTION_PACKAGES,
  eventsUntil,
  INVASION_DATE,
  TRADE_EVENTS,
  UK_LAST_COMEXT_MONTH,
} from '../../src/reference/events.js';
import {
  CCA3,
  EAEU,
  EU_CANDIDATES,
  EU27,
  FINCEN_BIS_HIGH_RISK,
  FINCEN_BIS_TRANSSHIPMENT_2022,
  OTHER_FORMER_SOVIET,
  RUSSIA_LAND_NEIGHBOURS,
} from '../../src/reference/groups.js';
import { cnEditionFor, codeLevel, hsEditionFor, truncateCode } from '../../src/reference/products.js';
import {
  type ChplEntry,
  chplCodes,
  type SanctionedHs6,
  sanctionedOn,
} from '../../src/reference/sanctions.js';

describe('groups', () => {
  it('hold valid, unique country codes', () => {
    const groups = {
      EU27,
      EAEU,
      CCA3,
      RUSSIA_LAND_NEIGHBOURS,
      FINCEN_BIS_TRANSSHIPMENT_2022,
      FINCEN_BIS_HIGH_RISK,
      EU_CANDIDATES,
      OTHER_FORMER_SOVIET,
    };
    for (const [name, g] of Object.entries(groups)) {
      expect({ name, unique: new Set(g).size === g.length }).toEqual({ name, unique: true });
      for (const c of g) expect({ name, c, ok: isCountryCode(c) }).toEqual({ name, c, ok: true });
    }
  });

  it('agree with the aggregates and the published lists', () => {
    expect([...EU27].sort()).toEqual(getAggregate('EU27_2020')?.members);
    expect(EAEU).toEqual(['RU', 'BY', 'KZ', 'AM', 'KG']);
    for (const c of CCA3) expect(EAEU).toContain(c);
    expect(FINCEN_BIS_TRANSSHIPMENT_2022).toHaveLength(18);
    for (const c of FINCEN_BIS_TRANSSHIPMENT_2022) expect(FINCEN_BIS_HIGH_RISK).toContain(c);
    expect(FINCEN_BIS_HIGH_RISK).toContain('PK');
    expect(RUSSIA_LAND_NEIGHBOURS).toHaveLength(14);
    expect(RUSSIA_LAND_NEIGHBOURS).not.toContain('RU');
    expect(getCountry('KP')?.name).toMatch(/Korea/);
  });
});

describe('events', () => {
  it('dates the invasion, the CN 2022 revision and the UK’s last Comext month', () => {
    expect(INVASION_DATE).toBe('2022-02-24');
    expect(CN2022_REVISION_DATE).toBe('2022-01-01');
    expect(UK_LAST_COMEXT_MONTH).toBe('2020-01');
  });

  it('lists the EU packages 1–14 in order with the dates the HS6 list uses', () => {
    expect(EU_SANCTION_PACKAGES.map((p) => p.id)).toEqual(
      Array.from({ length: 14 }, (_, i) => `eu-package-${i + 1}`),
    );
    const dates = EU_SANCTION_PACKAGES.map((p) => p.date);
    expect([...dates].sort()).toEqual(dates);
    for (const d of ['2022-02-25', '2022-03-15', '2022-04-08', '2022-07-21', '2022-12-16', '2023-02-25']) {
      expect(dates).toContain(d);
    }
    expect(eventsUntil(EU_SANCTION_PACKAGES, '2022-03')).toHaveLength(4);
    expect(eventsUntil(EU_SANCTION_PACKAGES, '2021')).toHaveLength(0);
    const all = TRADE_EVENTS.map((e) => e.date);
    expect([...all].sort()).toEqual(all);
    expect(new Set(TRADE_EVENTS.map((e) => e.id)).size).toBe(TRADE_EVENTS.length);
  });
});

describe('products', () => {
  it('gives the HS and CN edition of a period', () => {
    expect(hsEditionFor('2021-12')).toBe('HS2017');
    expect(hsEditionFor('2022-01')).toBe('HS2022');
    expect(hsEditionFor('2016')).toBe('HS2012');
    expect(cnEditionFor('2022-03')).toBe('CN2022');
    expect(() => hsEditionFor('1990-01')).toThrow(OptionsError);
  });

  it('truncates codes and rejects impossible levels', () => {
    expect(truncateCode('85423190', 6)).toBe('854231');
    expect(truncateCode('85423190', 2)).toBe('85');
    expect(() => truncateCode('8542', 6)).toThrow(OptionsError);
    expect(() => truncateCode('1012100', 4)).toThrow(OptionsError);
    expect(codeLevel('TOTAL')).toBe(0);
    expect(codeLevel('27')).toBe(2);
    expect(() => codeLevel('123')).toThrow(OptionsError);
  });

  test.prop([fc.stringMatching(/^\d{8}$/), fc.constantFrom(2, 4, 6, 8)])(
    'truncation is a prefix and is idempotent',
    (code, level) => {
      const t = truncateCode(code, level as 2 | 4 | 6 | 8);
      expect(code.startsWith(t)).toBe(true);
      expect(truncateCode(t, level as 2 | 4 | 6 | 8)).toBe(t);
      expect(codeLevel(t)).toBe(level);
    },
  );
});

describe('sanctions helpers on the shipped lists', () => {
  let hs6: SanctionedHs6[] = [];
  let chpl: ChplEntry[] = [];
  beforeAll(async () => {
    hs6 = (await loadDataset('sanctions-eu-hs6')).rows;
    chpl = (await loadDataset('chpl')).rows;
  });

  it('counts the codes in force by date, following the list’s effective dates', () => {
    expect(sanctionedOn(hs6, '2021-12-31')).toHaveLength(17);
    expect(sanctionedOn(hs6, '2022-02-25')).toHaveLength(17 + 894);
    expect(sanctionedOn(hs6, '2023')).toHaveLength(2304);
    const codes = sanctionedOn(hs6, '2022-04');
    expect([...codes].sort()).toEqual(codes);
  });

  it('every CHPL code present in the HS6 list is flagged as sanctioned', () => {
    const byCode = new Map(hs6.map((r) => [r.hs6, r]));
    const present = chplCodes(chpl).filter((c) => byCode.has(c));
    expect(present.length).toBe(44);
    for (const c of present) expect(byCode.get(c)?.sanctioned).toBe(true);
    expect(chplCodes(chpl, ['1'])).toEqual(['854231', '854232', '854233', '854239']);
  });
});

describe('fxTableFromRows', () => {
  it('keeps USD and GBP of one frequency and skips unquoted rates', () => {
    const row = (period: string, usd: number | null) => ({
      period,
      nDays: 20,
      perEur: { USD: usd, GBP: 0.85, RUB: null, TRY: null, CNY: null, CHF: null, JPY: null },
      usdPerGbp: null,
    });
    const t = fxTableFromRows([row('2022', 1.053), row('2022-01', 1.13), row('2023', null)], 'annual');
    expect(t).toEqual({
      id: 'fx-ecb:annual',
      description: expect.stringContaining('annual'),
      frequency: 'annual',
      perEur: { '2022': { USD: 1.053, GBP: 0.85 }, '2023': { GBP: 0.85 } },
    });
  });
});

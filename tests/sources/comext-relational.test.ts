import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataValidationError, type LoadProgress } from '../../src/index.js';
import { isAggregate } from '../../src/reference/countries.js';
import { fromComextRelational, loadComextRelational } from '../../src/sources/index.js';
import {
  expectProgressEndsAt,
  expectWellFormed,
  fixture,
  fixtureBytes,
  fixtureText,
  only,
} from './helpers.js';

const KZ = 'comext-relational.kz-export-2022-02.csv';
const KG = 'comext-relational.kg-export-2022-02.csv';
const FR2016 = 'comext-relational.eu27-annual-2016-fr.csv';
const Y2019 = 'comext-relational.eu27-annual-2019-coded.csv';
const HEADER = 'REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR';

describe('fromComextRelational on real Easy Comext exports', () => {
  it('reads the coded 2-EXPORT monthly file: every row kept, member states sum to the EU27_2020 row', () => {
    const r = fromComextRelational(fixtureBytes(KZ), { file: KZ });
    expectWellFormed(r);
    expect(r.rowsRead).toBe(30);
    expect(r.rejects).toEqual([]);
    const de = only(r.observations, (o) => o.reporter === 'DE');
    expect(de).toMatchObject({
      partner: 'KZ',
      flow: 'export',
      period: '2022-02',
      value: 130122586,
      currency: 'EUR',
    });
    expect(de.product).toEqual({ classification: 'TOTAL', code: 'TOTAL', level: 0 });
    expect(only(r.observations, (o) => o.reporter === 'AT').value).toBe(16200101);
    const eu = only(r.observations, (o) => o.reporter === 'EU27_2020');
    const members = r.observations.filter((o) => !isAggregate(o.reporter));
    expect(members).toHaveLength(26);
    expect(members.reduce((s, o) => s + (o.value ?? 0), 0)).toBe(eu.value);
    expect(eu.value).toBe(552751047);
  });

  it('keeps the euro-area and changing-EU aggregates beside the members, with their own codes', () => {
    const r = fromComextRelational(fixtureBytes(KZ), { file: KZ });
    const aggregates = r.observations.filter((o) => isAggregate(o.reporter)).map((o) => o.reporter);
    expect(aggregates.sort()).toEqual(['EA20', 'EA_CHANGING', 'EU27_2020', 'EU_CHANGING']);
    expect(only(r.observations, (o) => o.reporter === 'EA20').value).toBe(426658908);
  });

  it('reads the quoted CRLF file with plain labels', () => {
    const r = fromComextRelational(fixtureBytes(KG), { file: KG });
    expectWellFormed(r);
    expect(r.rowsRead).toBe(28);
    expect(r.rowsKept).toBe(28);
    expect(only(r.observations, (o) => o.reporter === 'DE')).toMatchObject({ partner: 'KG', value: 5160486 });
    expect(only(r.observations, (o) => o.reporter === 'GR').value).toBe(713);
  });

  it('reads the coded annual 2019 file: EU27 exports to KG and KZ as in PROVENANCE.md', () => {
    const r = fromComextRelational(fixtureBytes(Y2019), { file: Y2019 });
    expectWellFormed(r);
    expect(r.rowsRead).toBe(240);
    expect(only(r.observations, (o) => o.partner === 'KG')).toMatchObject({
      reporter: 'EU27_2020',
      period: '2019',
      value: 329442452,
    });
    expect(only(r.observations, (o) => o.partner === 'KZ').value).toBe(5917319466);
    expect(only(r.observations, (o) => o.partner === 'RU').value).toBe(87754383889);
    for (const j of r.rejects) expect(j.reason).toMatch(/^unknown country label "/);
  });

  it('reads the French 2016 file: French labels, EXPORTATION, Jan.-Dec. 2016', () => {
    const r = fromComextRelational(fixtureBytes(FR2016), { file: FR2016 });
    expectWellFormed(r);
    expect(r.rowsRead).toBe(248);
    // Rejected: partners the reference table does not resolve, and the two rows that resolve to one key — the
    // French file prints Guinea-Bissau as "Guinea" (its values follow the GW series) beside "Guinée": neither is
    // kept rather than one silently winning. Never the flow, period or product.
    for (const j of r.rejects) {
      expect(j.field === 'PARTNER' || j.reason.startsWith('conflicting rows for one key')).toBe(true);
      if (j.field === 'PARTNER') expect(j.reason).toMatch(/^unknown country label "/);
    }
    const guinea = r.rejects.filter((j) => j.reason.startsWith('conflicting'));
    expect(guinea.map((j) => j.line)).toEqual([68, 131]);
    expect(guinea[0]?.reason).toContain('Guinea | ');
    expect(r.observations.some((o) => o.partner === 'GN')).toBe(false);
    expect(only(r.observations, (o) => o.partner === 'KZ')).toMatchObject({
      reporter: 'EU27_2020',
      flow: 'export',
      period: '2016',
      value: 4777231569,
    });
    expect(only(r.observations, (o) => o.partner === 'KG').value).toBe(233297638);
    expect(only(r.observations, (o) => o.partner === 'RU').value).toBe(69284490691);
    expect(only(r.observations, (o) => o.partner === 'EXTRA_EU27_2020').value).toBe(1866819615239);
  });

  it('rejects an unknown label with file, line, field and reason, and countryLabels can map it', () => {
    const r = fromComextRelational(fixtureBytes(Y2019), { file: Y2019 });
    const highSeas = r.rejects.find((j) => j.reason === 'unknown country label "High seas"');
    expect(highSeas).toMatchObject({ file: Y2019, line: 163, field: 'PARTNER' });
    const mapped = fromComextRelational(fixtureBytes(Y2019), {
      file: Y2019,
      countryLabels: { 'High seas': 'XZ' },
    });
    expect(only(mapped.observations, (o) => o.partner === 'XZ').value).toBe(3489785505);
    expect(mapped.rejects.length).toBe(r.rejects.length - 1);
  });

  it('records provenance: Eurostat, DS-045409, file name, sha256 of the bytes, id on every observation', () => {
    const r = fromComextRelational(fixtureBytes(KZ), { file: `some/dir/${KZ}` });
    expect(r.provenance).toEqual([
      expect.objectContaining({
        id: `eurostat-comext:${KZ}`,
        publisher: 'Eurostat',
        dataset: 'DS-045409',
        file: KZ,
        sha256: '89da6a60aab1796c38d77fff454f6d3041eada63cf887dac87e8da50ee8ed5c4',
        units: 'EUR',
      }),
    ]);
    expect(new Set(r.observations.map((o) => o.source))).toEqual(new Set([`eurostat-comext:${KZ}`]));
    const own = fromComextRelational(fixtureText(KZ), {
      source: 'eu-kz',
      provenance: { vintage: '2024-11-17' },
    });
    expect(own.provenance[0]).toMatchObject({ id: 'eu-kz', vintage: '2024-11-17', file: '<string>' });
    expect(own.observations[0]?.source).toBe('eu-kz');
  });
});

describe('fromComextRelational on what real files contain', () => {
  it('handles a BOM, CRLF, quoted commas, thousands separators, ":" and blank trailing lines', () => {
    const text =
      `\ufeff${HEADER}\r\n` +
      '"Germany (incl. German Democratic Republic \'DD\' from 1991)","Kyrgyzstan","Total","EXPORT","Total","Mar. 2022","7,105,065"\r\n' +
      '"Austria","Kyrgyzstan","Total","EXPORT","Total","Mar. 2022",":"\r\n' +
      '"Malta","Kyrgyzstan","Total","EXPORT","Total","Mar. 2022","0"\r\n' +
      '"Cyprus","Kyrgyzstan","Total","EXPORT","Total","Mar. 2022","1 234"\r\n\r\n\r\n';
    const r = fromComextRelational(text);
    expectWellFormed(r);
    expect(r.rowsRead).toBe(4);
    expect(r.observations.map((o) => [o.reporter, o.value, o.status])).toEqual([
      ['DE', 7105065, 'reported'],
      ['AT', null, 'missing'],
      ['MT', 0, 'zero'],
      ['CY', 1234, 'reported'],
    ]);
  });

  it('rejects a repeated header line, a ragged row, a bad value, a duplicate and a non-total procedure, each on its line', () => {
    const text = [
      HEADER,
      'Austria,Kazakhstan,TOTAL-Total,2-EXPORT,T-Total,Feb. 2022,16200101',
      HEADER,
      'Austria,Kazakhstan,TOTAL-Total,2-EXPORT,T-Total',
      'Malta,Kazakhstan,TOTAL-Total,2-EXPORT,T-Total,Feb. 2022,12x',
      'Austria,Kazakhstan,TOTAL-Total,2-EXPORT,T-Total,Feb. 2022,16200101',
      'Austria,Kazakhstan,TOTAL-Total,2-EXPORT,1-Normal,Feb. 2022,1',
      'Austria,Kazakhstan,TOTAL-Total,2-EXPORT,T-Total,Q1 2022,1',
      'Austria,Kazakhstan,TOTAL-Total,9-OTHER,T-Total,Feb. 2022,1',
      '',
    ].join('\n');
    const r = fromComextRelational(text, { file: 'x.csv' });
    expectWellFormed(r);
    expect(r.rowsRead).toBe(8);
    expect(r.rowsKept).toBe(1);
    expect(r.rejects.map((j) => [j.line, j.field, j.reason])).toEqual([
      [3, undefined, 'repeated header line'],
      [4, undefined, 'expected 7 fields, found 5'],
      [5, 'VALUE_IN_EUR', 'value "12x" is not a number'],
      [7, 'STAT_PROCEDURE', expect.stringContaining('statistical procedure "1-Normal"')],
      [8, 'PERIOD', 'unrecognised period "Q1 2022"'],
      [9, 'FLOW', 'unknown flow "9-OTHER"'],
      [6, 'VALUE_IN_EUR', 'duplicate of the row at line 2'],
    ]);
    expect(r.rejects.every((j) => j.file === 'x.csv')).toBe(true);
  });

  it('rejects every row of a key whose rows disagree, and keeps one copy of an exact repeat', () => {
    const text = [
      HEADER,
      'Austria,Kazakhstan,Total,EXPORT,Total,Feb. 2022,5',
      'AT,KZ,Total,EXPORT,Total,Feb. 2022,6',
      'Malta,Kazakhstan,Total,EXPORT,Total,Feb. 2022,7',
      'Malta,Kazakhstan,Total,EXPORT,Total,Feb. 2022,7',
    ].join('\n');
    const r = fromComextRelational(text);
    expectWellFormed(r);
    expect(r.observations.map((o) => [o.reporter, o.value])).toEqual([['MT', 7]]);
    expect(r.rejects.map((j) => [j.line, j.reason.slice(0, 40)])).toEqual([
      [2, 'conflicting rows for one key at lines 2,'],
      [3, 'conflicting rows for one key at lines 2,'],
      [5, 'duplicate of the row at line 4'],
    ]);
  });

  it('counts the physical line where a multi-line quoted record starts', () => {
    const text = `${HEADER}\r\n"Austria","Kazakh\r\nstan","Total","EXPORT","Total","Feb. 2022","1"\r\n"Nowhere","Kazakhstan","Total","EXPORT","Total","Feb. 2022","1"\r\n`;
    const r = fromComextRelational(text);
    expect(r.rejects.map((j) => j.line)).toEqual([2, 4]);
  });

  it('accepts coded reporter labels such as DE-Germany and maps the French and coded flows', () => {
    const text = `${HEADER}\nDE-Germany,KZ-Kazakhstan,8542-Electronic integrated circuits,1-IMPORT,T-Total,202203-Mar. 2022,10\nAustria,Kazakhstan,1012100,IMPORTATION,Total,Mar. 2022,5\n`;
    const r = fromComextRelational(text);
    expect(r.rejects).toEqual([]);
    expect(r.observations[0]).toMatchObject({
      reporter: 'DE',
      partner: 'KZ',
      flow: 'import',
      period: '2022-03',
    });
    expect(r.observations[0]?.product).toEqual({ classification: 'HS', code: '8542', level: 4 });
    expect(r.observations[1]?.product).toEqual({ classification: 'CN', code: '01012100', level: 8 });
  });

  it('throws a DataValidationError naming file, line 1 and the missing column', () => {
    const bad =
      'REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,VALUE_IN_EUR\nAustria,Kazakhstan,Total,EXPORT,Total,1\n';
    expect(() => fromComextRelational(bad, { file: 'bad.csv' })).toThrow(DataValidationError);
    try {
      fromComextRelational(bad, { file: 'bad.csv' });
    } catch (e) {
      expect(e).toMatchObject({ file: 'bad.csv', line: 1, field: 'PERIOD' });
    }
    expect(() => fromComextRelational('', { file: 'empty.csv' })).toThrow(/empty input/);
    expect(() => fromComextRelational(`${HEADER}\n"Austria,Kazakhstan,Total\n`)).toThrow(DataValidationError);
  });
});

describe('loadComextRelational', () => {
  it('streams a file to the same result as fromComextRelational, with monotone progress ending at the file size', async () => {
    for (const name of [KZ, KG, FR2016]) {
      const events: LoadProgress[] = [];
      const loaded = await loadComextRelational(fixture(name), { onProgress: (p) => events.push(p) });
      const parsed = fromComextRelational(fixtureBytes(name), { file: fixture(name) });
      expect(loaded).toEqual(parsed);
      expectProgressEndsAt(events, statSync(fixture(name)).size, loaded.rowsRead);
    }
  });

  it('combines several files, one provenance record each with its own id', async () => {
    const r = await loadComextRelational([fixture(KZ), fixture(KG)], { source: 'eu-monthly' });
    expectWellFormed(r);
    expect(r.rowsRead).toBe(58);
    expect(r.provenance.map((p) => p.id)).toEqual([`eu-monthly:${KZ}`, `eu-monthly:${KG}`]);
    expect(new Set(r.observations.map((o) => o.partner))).toEqual(new Set(['KZ', 'KG']));
  });

  it('throws a DataValidationError for a file that does not exist', async () => {
    await expect(loadComextRelational(fixture('no-such-file.csv'))).rejects.toBeInstanceOf(
      DataValidationError,
    );
  });
});

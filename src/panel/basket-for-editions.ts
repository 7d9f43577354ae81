import { listCodes } from './internal/build.js';
import { concordanceGraph, hubDegreeOf, isHub, links, node, parseNode } from './internal/concordance.js';
import { dedupeCodes, normaliseCode } from './internal/products.js';
import type { ConcordanceEdition, HsConcordanceRow } from './types.js';

/** One connected set of a basket: codes of each edition that cover the same goods. */
export interface BasketSet {
  /** The input codes (normalised) that fell in this set. */
  readonly input: readonly string[];
  /** Codes of the set in HS2017 (6 digits, or the input CN8 codes where their subheading did not change). */
  readonly hs2017: readonly string[];
  /** Codes of the set in HS2022 (idem). */
  readonly hs2022: readonly string[];
  /** HS2022 : HS2017 multiplicity of the set's subheadings (`'1:1'` for an unchanged subheading). */
  readonly relationship: '1:1' | 'n:1' | '1:n' | 'n:n';
}

/**
 * The same goods expressed in the codes of each HS edition (see {@link basketForEditions}). A plain record; pass
 * it to `productGroup` to sum each observation with the codes of its own edition.
 */
export interface EditionBasket {
  /** Every HS2017 code of the basket (HS6 or CN8), sorted, without codes covered by a shorter one. */
  readonly hs2017: readonly string[];
  /** Every HS2022 code of the basket, idem. */
  readonly hs2022: readonly string[];
  /** The connected sets, one per group of input codes linked by the table, sorted by first code. */
  readonly sets: readonly BasketSet[];
  /** What a user must know: ambiguous (1:n, n:n) sets included whole, CN8 codes widened, links not followed. */
  readonly warnings: readonly string[];
}

/** Options of {@link basketForEditions}. */
export interface BasketForEditionsOptions {
  /**
   * Edition of the input codes. Default: each code is taken in every edition where it exists (a list may mix
   * editions, as the sanctioned CN8 list does: 69 of its codes are new in CN2022).
   */
  readonly edition?: ConcordanceEdition;
  /**
   * A code linked to more than this many codes of the other edition is a hub (HS2022 8549 e-waste and 8524
   * display modules link to hundreds): links to it are reported in a warning and not followed. Default 50.
   */
  readonly hubDegree?: number;
  /**
   * Use HS6 subheadings throughout, even for CN8 input codes whose subheading did not change. Default `false`:
   * such CN8 codes are kept as they are in both editions (the table is at HS6, so CN8-only revisions within an
   * unchanged subheading are not visible to it).
   */
  readonly hs6?: boolean;
}

type Rel = BasketSet['relationship'];

function relationship(n22: number, n17: number): Rel {
  if (n22 === 1 && n17 === 1) return '1:1';
  if (n17 === 1) return 'n:1';
  if (n22 === 1) return '1:n';
  return 'n:n';
}

/**
 * Express a basket of HS/CN codes in both HS2017 and HS2022, so that it means the same goods on both sides of the
 * 2022-01-01 revision (one month before the invasion): a basket of sanctioned HS2017 codes in 2021 and its HS2022
 * counterpart in 2022.
 *
 * Each input code is taken at its HS6 subheading (CN8 → first six digits; HS2/HS4 → every subheading beneath it in
 * the table) and followed through the UNSD correlation table to its connected set: all codes of both editions
 * linked to it directly or through other linked codes. A subheading that did not change (linked 1:1 to itself)
 * keeps the input codes as they are (CN8 stays CN8). Where a 1:n or n:n relation makes a code ambiguous the whole
 * connected set is included, and a warning says so. Links to hub codes (more than `hubDegree` correspondents) are
 * not followed but reported; a code linked only to hubs takes them (one step, warned). Input codes missing from
 * the table are kept as they are in both editions, with a warning.
 *
 * Known defect of the raw UNSD table: HS2022 854151 and 854159 are linked to 157 unrelated HS2017 codes and not to
 * their real predecessor 854150. The shipped `hs-concordance` dataset corrects them (854151/854159 → 854150); with
 * the raw table they are hubs under the default threshold, so they are reported rather than followed.
 *
 * O(rows + size of the sets).
 *
 * @param codes - HS/CN codes of 2 to 8 digits (odd lengths get their lost leading zero back)
 * @param concordance - UNSD HS2022 ↔ HS2017 correlation rows, e.g. `(await loadDataset('hs-concordance')).rows`
 * @param options - edition of the input codes, hub threshold, `hs6`
 * @returns the basket in each edition, its connected sets and warnings
 * @throws {OptionsError} if a code is not 2–8 digits, the list or table is empty, or `hubDegree` is invalid
 * @throws {DataValidationError} if a concordance row is invalid (naming the row and field)
 * @example
 * const table = [
 *   { hs2022: '870121', hs2017: '870120', relationship: 'n:1' },
 *   { hs2022: '870122', hs2017: '870120', relationship: 'n:1' },
 *   { hs2022: '847130', hs2017: '847130', relationship: '1:1' },
 * ] as const;
 * const b = basketForEditions(['870120', '84713000'], table, { edition: 'HS2017' });
 * b.hs2017; // => ['84713000', '870120']
 * b.hs2022; // => ['84713000', '870121', '870122']
 */
export function basketForEditions(
  codes: readonly string[],
  concordance: readonly HsConcordanceRow[],
  options: BasketForEditionsOptions = {},
): EditionBasket {
  const fn = 'basketForEditions';
  const g = concordanceGraph(concordance, fn);
  const hubDegree = hubDegreeOf(options.hubDegree, fn);
  const editions: readonly ConcordanceEdition[] =
    options.edition === undefined ? ['HS2017', 'HS2022'] : [options.edition];
  const input = [...new Set(codes.map((c) => normaliseCode(c, fn)))].sort();
  if (input.length === 0) {
    // An empty basket is a valid (if useless) answer.
    return { hs2017: [], hs2022: [], sets: [], warnings: [] };
  }

  // Union-find over node ids and pseudo-nodes for codes kept as they are.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (y !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    if (!parent.has(r)) parent.set(r, r);
    return r;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };

  const inputOf = new Map<string, string[]>(); // root → input codes, resolved at the end
  // pseudo-node → codes kept as they are in both editions, and the subheading they count as
  const kept = new Map<string, { codes: string[]; h6: string }>();
  const members = new Set<string>(); // graph nodes in the basket
  const skippedHubs = new Set<string>();
  const fallbacks = new Set<string>();
  const widened: string[] = [];
  const notInTable: string[] = [];
  const inputAnchor = new Map<string, string>(); // input code → a node or pseudo-node of its set

  const closure = (start: string): Set<string> => {
    const seen = new Set<string>([start]);
    const stack = [start];
    while (stack.length > 0) {
      const x = stack.pop()!;
      const l = links(g, x, hubDegree);
      for (const h of l.skippedHubs) skippedHubs.add(h);
      if (l.fallback) fallbacks.add(x);
      for (const y of l.next) {
        if (seen.has(y)) continue;
        seen.add(y);
        // Fallback targets and hubs are included but not followed further.
        if (!l.fallback && !isHub(g, y, hubDegree)) stack.push(y);
      }
    }
    return seen;
  };

  for (const code of input) {
    const subheadings: { edition: ConcordanceEdition; code: string }[] = [];
    for (const e of editions) {
      if (code.length >= 6) {
        const h6 = code.slice(0, 6);
        if (g.codes[e].has(h6)) subheadings.push({ edition: e, code: h6 });
      } else {
        for (const c of g.codes[e]) if (c.startsWith(code)) subheadings.push({ edition: e, code: c });
      }
    }
    if (subheadings.length === 0) {
      notInTable.push(code);
      const pseudo = `ALONE:${code}`;
      kept.set(pseudo, { codes: [code], h6: code.slice(0, 6) });
      inputAnchor.set(code, pseudo);
      find(pseudo);
      continue;
    }
    let anchor: string | undefined;
    for (const s of subheadings) {
      const start = node(s.edition, s.code);
      const set = closure(start);
      const unchanged =
        set.size === 2 &&
        set.has(node('HS2017', s.code)) &&
        set.has(node('HS2022', s.code)) &&
        !fallbacks.has(start);
      if (unchanged && code.length > 6 && options.hs6 !== true) {
        // The subheading is the same in both editions: keep the CN8 code itself, grouped with its subheading.
        const pseudo = `KEEP:${s.code}`;
        const entry = kept.get(pseudo) ?? { codes: [], h6: s.code };
        if (!entry.codes.includes(code)) entry.codes.push(code);
        kept.set(pseudo, entry);
        anchor ??= pseudo;
        union(pseudo, anchor);
        continue;
      }
      if (!unchanged && code.length > 6) widened.push(code);
      for (const id of set) {
        members.add(id);
        union(id, start);
      }
      anchor ??= start;
      union(start, anchor);
    }
    inputAnchor.set(code, anchor!);
  }
  for (const [code, anchor] of inputAnchor) {
    const r = find(anchor);
    const list = inputOf.get(r) ?? [];
    list.push(code);
    inputOf.set(r, list);
  }

  // Collect sets.
  const bySet = new Map<
    string,
    { hs2017: Set<string>; hs2022: Set<string>; n17: Set<string>; n22: Set<string> }
  >();
  const setOf = (root: string) => {
    let s = bySet.get(root);
    if (s === undefined) {
      s = { hs2017: new Set(), hs2022: new Set(), n17: new Set(), n22: new Set() };
      bySet.set(root, s);
    }
    return s;
  };
  for (const id of members) {
    const { edition, code } = parseNode(id);
    const s = setOf(find(id));
    (edition === 'HS2017' ? s.hs2017 : s.hs2022).add(code);
    (edition === 'HS2017' ? s.n17 : s.n22).add(code);
  }
  for (const [pseudo, entry] of kept) {
    const s = setOf(find(pseudo));
    for (const c of entry.codes) {
      s.hs2017.add(c);
      s.hs2022.add(c);
    }
    s.n17.add(entry.h6);
    s.n22.add(entry.h6);
  }

  const sets: BasketSet[] = [];
  const warnings: string[] = [];
  for (const [root, s] of bySet) {
    const rel = relationship(s.n22.size, s.n17.size);
    const hs2017 = dedupeCodes(s.hs2017).kept;
    const hs2022 = dedupeCodes(s.hs2022).kept;
    const inputs = (inputOf.get(root) ?? []).sort();
    sets.push({ input: inputs, hs2017, hs2022, relationship: rel });
    if (rel !== '1:1') {
      warnings.push(
        `${fn}: ${listCodes(inputs, 4)} ambiguous (${rel}): included the whole connected set, HS2017 ${listCodes(hs2017, 8)} ↔ HS2022 ${listCodes(hs2022, 8)}`,
      );
    }
  }
  sets.sort((a, b) => {
    const x = a.input[0] ?? a.hs2017[0] ?? '';
    const y = b.input[0] ?? b.hs2017[0] ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  warnings.sort();
  if (widened.length > 0) {
    warnings.push(
      `${fn}: ${widened.length} CN8 code(s) widened to their whole HS6 set because the subheading changed (${listCodes(widened, 6)})`,
    );
  }
  const hubs = [...skippedHubs].filter((h) => !members.has(h)).sort();
  if (hubs.length > 0) {
    warnings.push(
      `${fn}: links to ${hubs.length} hub code(s) with more than ${hubDegree} correspondents not followed; they take a small part of these goods from many subheadings (${listCodes(hubs, 8)})`,
    );
  }
  const fb = [...fallbacks].sort();
  if (fb.length > 0) {
    warnings.push(
      `${fn}: ${listCodes(fb, 6)} linked only through hub codes: took their direct correspondents without following them further`,
    );
  }
  if (notInTable.length > 0) {
    warnings.push(
      `${fn}: ${notInTable.length} code(s) not in the correlation table kept unchanged in both editions (${listCodes(notInTable, 6)})`,
    );
  }
  const all17 = new Set<string>();
  const all22 = new Set<string>();
  for (const s of sets) {
    for (const c of s.hs2017) all17.add(c);
    for (const c of s.hs2022) all22.add(c);
  }
  return { hs2017: dedupeCodes(all17).kept, hs2022: dedupeCodes(all22).kept, sets, warnings };
}

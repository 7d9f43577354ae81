/**
 * The HS2022 ↔ HS2017 correlation table as a bipartite graph, with "hub" codes: subheadings linked to very many
 * codes of the other edition (HS2022 8549 e-waste and 8524 display modules, each linked to hundreds of HS2017
 * codes because a small part of many old subheadings moved there; and the defective UNSD rows for 854151/854159).
 * Following a hub would merge most of chapters 84–95 into one set, so hub links are reported, not followed.
 *
 * @module
 */
import { DataValidationError, OptionsError } from '../../errors.js';
import { lazySchema } from '../../shared/zod.js';
import type { ConcordanceEdition, HsConcordanceRow } from '../types.js';

/**
 * zod schema of a {@link HsConcordanceRow}: two 6-digit codes (leading zeros kept) and the published relationship.
 *
 * @example
 * HsConcordanceRowSchema.parse({ hs2022: '870121', hs2017: '870120', relationship: 'n:1' });
 */
export const HsConcordanceRowSchema = lazySchema((z) =>
  z.object({
    hs2022: z.string().regex(/^\d{6}$/, 'hs2022 must be 6 digits'),
    hs2017: z.string().regex(/^\d{6}$/, 'hs2017 must be 6 digits'),
    relationship: z.enum(['1:1', 'n:1', '1:n', 'n:n']),
  }),
);

const SIX = /^\d{6}$/;
const RELATIONSHIPS: ReadonlySet<unknown> = new Set(['1:1', 'n:1', '1:n', 'n:n']);

/** Default hub threshold: a code linked to more than this many codes of the other edition is a hub. */
export const DEFAULT_HUB_DEGREE = 50;

/** A correlation graph. Node ids are `HS2017:code` / `HS2022:code`. */
export interface ConcordanceGraph {
  /** Neighbours of each node (ids of the other edition). */
  readonly adjacency: ReadonlyMap<string, readonly string[]>;
  /** Codes of each edition. */
  readonly codes: { readonly HS2017: ReadonlySet<string>; readonly HS2022: ReadonlySet<string> };
}

const graphs = new WeakMap<readonly HsConcordanceRow[], ConcordanceGraph>();

/** Node id of a code in an edition. */
export function node(edition: ConcordanceEdition, code: string): string {
  return `${edition}:${code}`;
}

/** Split a node id. */
export function parseNode(id: string): { edition: ConcordanceEdition; code: string } {
  return { edition: id.slice(0, 6) as ConcordanceEdition, code: id.slice(7) };
}

/**
 * Validate the table and build its graph (cached per array).
 *
 * @throws {DataValidationError} naming the row and field of the first invalid row
 * @throws {OptionsError} if the table is empty
 */
export function concordanceGraph(rows: readonly HsConcordanceRow[], fn: string): ConcordanceGraph {
  const hit = graphs.get(rows);
  if (hit !== undefined) return hit;
  if (rows.length === 0) throw new OptionsError(`${fn} requires a non-empty concordance`);
  const adjacency = new Map<string, string[]>();
  const c17 = new Set<string>();
  const c22 = new Set<string>();
  const seen = new Set<string>();
  const add = (a: string, b: string): void => {
    let list = adjacency.get(a);
    if (list === undefined) {
      list = [];
      adjacency.set(a, list);
    }
    list.push(b);
  };
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    // Fast path for well-formed rows; zod describes the bad ones.
    const ok =
      typeof r === 'object' &&
      r !== null &&
      typeof r.hs2022 === 'string' &&
      SIX.test(r.hs2022) &&
      typeof r.hs2017 === 'string' &&
      SIX.test(r.hs2017) &&
      RELATIONSHIPS.has(r.relationship);
    const parsed = ok ? undefined : HsConcordanceRowSchema.safeParse(r);
    if (parsed !== undefined && !parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = String(issue.path[0] ?? '');
      throw new DataValidationError(
        issue.message,
        { file: '<concordance>', line: i + 1, field },
        parsed.error.issues.map((x) => ({ code: x.code, path: x.path.map(String), message: x.message })),
      );
    }
    const a = node('HS2022', r.hs2022);
    const b = node('HS2017', r.hs2017);
    if (seen.has(`${a}|${b}`)) continue;
    seen.add(`${a}|${b}`);
    add(a, b);
    add(b, a);
    c22.add(r.hs2022);
    c17.add(r.hs2017);
  }
  const g: ConcordanceGraph = { adjacency, codes: { HS2017: c17, HS2022: c22 } };
  graphs.set(rows, g);
  return g;
}

/** Whether a node is a hub under a threshold. */
export function isHub(g: ConcordanceGraph, id: string, hubDegree: number): boolean {
  return (g.adjacency.get(id)?.length ?? 0) > hubDegree;
}

/**
 * Neighbours of a node reached by a link that touches no hub; if there is none, every neighbour (`fallback`).
 */
export function links(
  g: ConcordanceGraph,
  id: string,
  hubDegree: number,
): { next: readonly string[]; skippedHubs: readonly string[]; fallback: boolean } {
  const all = g.adjacency.get(id) ?? [];
  if (isHub(g, id, hubDegree)) return { next: all, skippedHubs: [], fallback: true };
  const next: string[] = [];
  const skipped: string[] = [];
  for (const b of all) (isHub(g, b, hubDegree) ? skipped : next).push(b);
  if (next.length === 0 && all.length > 0) return { next: all, skippedHubs: [], fallback: true };
  return { next, skippedHubs: skipped, fallback: false };
}

/** Validate a hub threshold. */
export function hubDegreeOf(value: number | undefined, fn: string): number {
  const h = value ?? DEFAULT_HUB_DEGREE;
  if (!Number.isInteger(h) || h < 1)
    throw new OptionsError(`${fn} requires hubDegree to be a positive integer, got ${h}`);
  return h;
}

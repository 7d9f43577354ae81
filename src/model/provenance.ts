import type { z } from 'zod';
import { lazySchema } from '../shared/zod.js';

/**
 * zod schema for a {@link Provenance} record.
 *
 * @example
 * ProvenanceSchema.parse({ id: 'x', publisher: 'Eurostat', dataset: 'DS-045409', licence: 'CC BY 4.0' });
 */
export const ProvenanceSchema = lazySchema((z) =>
  z.object({
    /** Stable id observations point to through their `source` field. */
    id: z.string().min(1),
    /** Who published the figures, e.g. `Eurostat`, `ONS`, `IMF`. */
    publisher: z.string().min(1),
    /** The publisher's dataset code, e.g. `DS-045409`, `IMF.STA:IMTS(1.0.0)`. */
    dataset: z.string().min(1),
    /** Human title of the dataset. */
    title: z.string().optional(),
    /** Where it can be obtained. */
    url: z.string().optional(),
    /** When the publisher extracted or last updated the data (the vintage), ISO date. */
    vintage: z.string().optional(),
    /** When it was retrieved by us or by the repository it came from, ISO date. */
    retrieved: z.string().optional(),
    /** Licence or terms of reuse, with the attribution the publisher requires. */
    licence: z.string().min(1),
    /** File it was read from (relative path or name). */
    file: z.string().optional(),
    /** SHA-256 of that file, hex. */
    sha256: z.string().optional(),
    /** Units as published, e.g. `EUR`, `thousand USD`, `GBP million (rounded)`. */
    units: z.string().optional(),
    /** Caveats a user must know before citing a figure. */
    notes: z.array(z.string()).optional(),
  }),
);

/** Where figures come from: publisher, dataset code, URL, vintage, licence, file and its checksum. */
export type Provenance = z.infer<typeof ProvenanceSchema>;

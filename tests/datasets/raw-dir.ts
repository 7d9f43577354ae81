import { fileURLToPath } from 'node:url';

/** The published raw files: `../shared/data/raw` beside the repository (as in CI). */
export const RAW_DIR = fileURLToPath(new URL('../../../shared/data/raw', import.meta.url));

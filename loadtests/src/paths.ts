import { fileURLToPath } from 'node:url';

/** The repository root (same depth from src/ and dist/). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The loadtests folder, holding scenarios/ and lib/. */
export const loadtestsRoot = fileURLToPath(new URL('../', import.meta.url));

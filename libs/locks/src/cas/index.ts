export type { CasOutcome, CasUpdateOptions, CasWrite, Versioned } from './cas-update.js';
export { casUpdate } from './cas-update.js';
export type { CasUpdateRowOptions, Queryable, VersionedRowTarget } from './versioned-row.js';
export { casUpdateRow, RowNotFoundError } from './versioned-row.js';

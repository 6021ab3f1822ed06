/** The part of a service's error table (the kit's ErrorTranslation) whose codes callers see. */
export interface DocumentedTable {
  readonly domain: Readonly<Record<string, number>>;
  readonly contended: { readonly code: string };
}

/**
 * The codes of a service's error table, its domain codes and its busy code, that `docs` never
 * names as `` `CODE` ``; empty when every code a caller can meet is documented. Holds the one
 * registry against the README, as the lock library's error codes are held against its docs.
 */
export function undocumentedCodes(table: DocumentedTable, docs: string): string[] {
  const codes = new Set([...Object.keys(table.domain), table.contended.code]);
  return [...codes].filter((code) => !docs.includes(`\`${code}\``));
}

import pg from 'pg';

/**
 * BEGIN and COMMIT glued to the statement beside them, so a transaction's opening and closing
 * cost no round trip of their own. On this kind of machine a round trip to Postgres (a system
 * call and a process switch at each end) costs more CPU than most statements do, and
 * node-postgres sends one statement per round trip.
 *
 * Several statements fit in one message only in the simple query protocol, which takes no
 * parameters, so values go in as literals: strings through node-postgres' `escapeLiteral` (as
 * libpq's PQescapeLiteral does), arrays through {@link sqlArrayLiteral}, and integers checked
 * to be integers. Use these only for values of
 * a known shape (ids, digests, names from configuration, row limits), never for free text a
 * user typed: a parameter is still the better tool wherever one round trip more is affordable.
 */

/** `values` as a SQL array literal of `type` (e.g. uuid), for `= ANY(...)`. */
export function sqlArrayLiteral(values: readonly string[], type: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(type)) throw new Error(`not a type name: ${type}`);
  const elements = values.map(
    (value) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
  );
  return `${pg.escapeLiteral(`{${elements.join(',')}}`)}::${type}[]`;
}

/** `value` as a SQL integer literal; anything but a safe integer is refused. */
export function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

/** Runs `BEGIN; <statement>` in one round trip and returns the statement's result. */
export async function beginWith<Row extends pg.QueryResultRow>(
  client: pg.ClientBase,
  statement: string,
): Promise<pg.QueryResult<Row>> {
  const results = (await client.query(`BEGIN; ${statement}`)) as unknown as pg.QueryResult<Row>[];
  const result = results[1];
  if (result === undefined) throw new Error('BEGIN with a statement returned one result');
  return result;
}

/**
 * Runs `<statement>; COMMIT` in one round trip. If the statement fails, the server skips the
 * COMMIT and the error is thrown with the transaction still open and aborted: roll back.
 */
export async function commitWith(client: pg.ClientBase, statement: string): Promise<void> {
  const results = (await client.query(`${statement}; COMMIT`)) as unknown as pg.QueryResult[];
  // Postgres answers COMMIT of an aborted transaction with ROLLBACK and no error.
  if (results.at(-1)?.command !== 'COMMIT') {
    throw new Error('the transaction was rolled back instead of committed');
  }
}

import { z } from 'zod';
import type { FieldLocation, FieldProblem } from '../errors/validation-error.js';

/**
 * Characters no request string may carry, whatever its schema says: NUL (Postgres refuses it
 * in text, so it would surface as a 500), the other C0 controls except tab, line feed and
 * carriage return, DEL, the C1 controls, and unpaired UTF-16 surrogates (they cannot be
 * encoded as UTF-8 and would be stored silently altered). Tab and line breaks are left to
 * the field's schema: free text may allow them, identifiers never do.
 */
const unsafeCharacter = /(?![\t\n\r])\p{Cc}|\p{Cs}/u;

/** No control character at all (C0, DEL, C1): identifiers and one-line text. */
const noControlCharacters = /^\P{Cc}*$/u;

/** Control characters other than tab, line feed and carriage return: multi-line text. */
const noControlCharactersButLineBreaks = /^(?:[\t\n\r]|\P{Cc})*$/u;

/** Options for {@link identifier}. */
export interface IdentifierOptions {
  /** Most characters; default 100 (the contracts' id bound). */
  max?: number;
  /** A pattern the id must also match, e.g. URL-safe characters only. */
  pattern?: RegExp;
  /** What to answer when `pattern` does not match. */
  patternMessage?: string;
}

/**
 * A caller-chosen id for a body, path or query: 1 to `max` characters and no control
 * character at all (tab and line breaks included), so it can sit in a log line, a lock
 * resource and a Postgres row unchanged.
 */
export function identifier(options: IdentifierOptions = {}) {
  const bounded = z
    .string()
    .min(1)
    .max(options.max ?? 100)
    .regex(noControlCharacters, { error: 'must not contain control characters' });
  return options.pattern === undefined
    ? bounded
    : bounded.regex(options.pattern, { error: options.patternMessage ?? 'has a bad format' });
}

/** Options for {@link text}. */
export interface TextOptions {
  /** Most characters after trimming. */
  max: number;
  /** Fewest characters after trimming; default 1. */
  min?: number;
  /** Allows tab, line feed and carriage return; default false (one line). */
  multiline?: boolean;
}

/**
 * Free text a person reads (a name, a title): trimmed, `min` to `max` characters, and no
 * control character. One line unless `multiline`; every label the APIs take today is one
 * line, and a line break in a label would break the tables that print it.
 */
export function text(options: TextOptions) {
  return z
    .string()
    .trim()
    .min(options.min ?? 1)
    .max(options.max)
    .regex(options.multiline ? noControlCharactersButLineBreaks : noControlCharacters, {
      error: options.multiline
        ? 'must not contain control characters other than tab and line breaks'
        : 'must not contain control characters or line breaks',
    });
}

/**
 * Every string in `value` (object keys included, at any depth) that carries an unsafe
 * character, as one problem per field. The walk is iterative: a deeply nested JSON body must
 * not exhaust the stack.
 */
export function unsafeStringProblems(location: FieldLocation, value: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // Each entry links to its parent, so a path is only built for a field that is refused.
  const pending: Visit[] = [{ parent: undefined, key: undefined, value }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value === 'string') {
      const problem = unsafeCharacterProblem(next.value);
      if (problem !== undefined) problems.push(fieldProblem(location, next, problem));
    } else if (typeof next.value === 'object' && next.value !== null) {
      for (const [key, child] of Object.entries(next.value)) {
        const keyProblem = unsafeCharacterProblem(key);
        if (keyProblem === undefined) pending.push({ parent: next, key, value: child });
        else problems.push(fieldProblem(location, next, `a field name ${keyProblem}`));
      }
    }
  }
  return problems;
}

interface Visit {
  parent: Visit | undefined;
  key: string | undefined;
  value: unknown;
}

function unsafeCharacterProblem(value: string): string | undefined {
  const found = unsafeCharacter.exec(value);
  if (found === null) return undefined;
  const code = found[0].codePointAt(0) ?? 0;
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code >= 0xd800 && code <= 0xdfff
    ? `contains an unpaired surrogate (${name})`
    : `contains control character ${name}`;
}

function fieldProblem(location: FieldLocation, at: Visit, message: string): FieldProblem {
  const path: string[] = [];
  for (let visit: Visit | undefined = at; visit?.key !== undefined; visit = visit.parent) {
    path.unshift(visit.key);
  }
  return { field: path.join('.') || location, in: location, message };
}

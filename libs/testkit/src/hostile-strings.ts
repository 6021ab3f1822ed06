/** One hostile value for a string field, named for the test's failure message. */
export interface HostileString {
  /** What is wrong with it: `NUL`, `over-long`, ... */
  name: string;
  /** The value as JSON would carry it. */
  value: string;
}

/**
 * Values no identifier or one-line text field may take: NUL and other control characters
 * (line breaks and tabs included), DEL, a C1 control, an unpaired surrogate, and a value one
 * character longer than `maxLength`. Every one must be answered 400 naming the field.
 */
export function hostileStrings(maxLength: number): HostileString[] {
  return [
    { name: 'NUL inside', value: 'a\u0000b' },
    { name: 'NUL alone', value: '\u0000' },
    { name: 'escape sequence', value: '\u001b[2Jx' },
    { name: 'bell', value: 'x\u0007' },
    { name: 'line feed', value: 'a\nb' },
    { name: 'carriage return', value: 'a\rb' },
    { name: 'tab', value: 'a\tb' },
    { name: 'DEL', value: 'a\u007fb' },
    { name: 'C1 next-line', value: 'a\u0085b' },
    { name: 'unpaired surrogate', value: 'a\ud800b' },
    { name: 'over-long', value: 'x'.repeat(maxLength + 1) },
  ];
}

/**
 * {@link hostileStrings} as path segments, percent-encoded as a client would send them. The
 * unpaired surrogate has no UTF-8 form, so it is left out here (see the raw byte cases).
 */
export function hostilePathSegments(maxLength: number): HostileString[] {
  return hostileStrings(maxLength)
    .filter(({ name }) => name !== 'unpaired surrogate')
    .map(({ name, value }) => ({ name, value: encodeURIComponent(value) }));
}

/** Runs `check` with every case in turn; a failure says which case it failed on. */
export async function forEachHostile(
  cases: readonly HostileString[],
  check: (value: string) => Promise<unknown>,
): Promise<void> {
  for (const { name, value } of cases) {
    try {
      await check(value);
    } catch (error) {
      throw new Error(`hostile case "${name}": ${String(error)}`, { cause: error });
    }
  }
}

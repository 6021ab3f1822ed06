import { AppError, ErrorCode } from './app-error.js';

/**
 * The environment does not satisfy the config schema. `problems` holds one line per bad
 * variable (`PORT: expected a number, got 'abc'`) so an operator fixes all of them at once.
 * It is an AppError only to share the code contract; it never reaches an HTTP response.
 */
export class ConfigError extends AppError {
  /** One human-readable line per problem, each starting with the variable's name. */
  readonly problems: string[];

  constructor(problems: string[]) {
    super(
      ErrorCode.ConfigInvalid,
      500,
      `invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      { details: problems },
    );
    this.problems = problems;
  }
}

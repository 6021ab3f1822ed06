/** The roles a customer-facing bearer token can carry (its `role` claim). */
export const callerRoles = ['customer', 'partner'] as const;

/** One of {@link callerRoles}: a customer buys and pays, a partner delivers. */
export type CallerRole = (typeof callerRoles)[number];

/** Who a verified bearer token says the caller is. */
export interface Caller {
  /** The token's `sub`: the customer's id, or the delivery partner's id. */
  readonly subject: string;
  /** The token's `role` claim. */
  readonly role: CallerRole;
}

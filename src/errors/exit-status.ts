/**
 * Exit statuses of the command-line contract (DESIGN.md): 0 every change passed; 1 some change was
 * rejected, and only that; 2 bad input or an unusable repository or environment; 3 specgate itself
 * failed (a bug); 130 interrupted.
 */
export const EXIT = { passed: 0, rejected: 1, badInput: 2, internal: 3, interrupted: 130 } as const;

/** One of the contract's exit statuses. */
export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

import { UserError } from '../errors/specgate-error.js';
import { RESULTS_REF } from './results-ref.js';

/**
 * Runs `work` on the result cache's notes ref, turning a failure to read or update it (a corrupt or
 * half-fetched ref, a lock held too long by another process) into a one-line user error naming the ref.
 */
export async function withNotes<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('BAD_NOTES', `${RESULTS_REF}: ${(error as Error).message}`, { cause: error });
  }
}

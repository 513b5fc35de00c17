/**
 * The committer of every commit specgate writes, at a given time: fixed, so that the same inputs always
 * give the same commit id.
 */
export function specgateSignature(timestamp: number): {
  name: string;
  email: string;
  timestamp: number;
  timezoneOffset: number;
} {
  return { name: 'specgate', email: 'specgate@localhost', timestamp, timezoneOffset: 0 };
}

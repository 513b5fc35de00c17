/**
 * Formats a job duration for humans: `0.4s`, `12.3s`, `2m05s`. One decimal below a minute, because jobs
 * are compared by eye and sub-second noise is not interesting.
 */
export function formatDuration(durationMs: number): string {
  const seconds = Math.max(0, durationMs) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
}

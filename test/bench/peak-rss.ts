import { readFileSync } from 'node:fs';

/**
 * This process's peak RSS in bytes since it started. VmHWM belongs to the address space made at exec,
 * whereas getrusage's maxRSS also counts the parent's memory at fork time (tens of MiB under a busy
 * parent). Linux only (/proc).
 */
export function peakRss(): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;
}

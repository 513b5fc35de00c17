// Must match git byte for byte: git's binary detection (buffer_is_binary, xdiff-interface.c).
/** How many leading bytes git inspects for a NUL (FIRST_FEW_BYTES). */
const FIRST_FEW_BYTES = 8000;

/**
 * Git's binary test (`buffer_is_binary`): a NUL byte among the first 8000 bytes. Files git considers
 * binary are never merged line by line.
 */
export function isBinaryContent(content: Uint8Array): boolean {
  return content.subarray(0, FIRST_FEW_BYTES).includes(0);
}

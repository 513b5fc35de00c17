/** What git's `gather_stats` counts in a file's bytes, and its verdict on whether they are binary. */
export interface TextStats {
  nul: number;
  lonecr: number;
  lonelf: number;
  crlf: number;
  printable: number;
  nonprintable: number;
  /**
   * git's `convert_is_binary`: a lone CR, a NUL, or more than one non-printable byte per 128 printable
   * ones (BS, HT, ESC and FF count as printable; a final ^Z, DOS's end of file, is forgiven).
   */
  binary: boolean;
}

/** Counts line endings and printable bytes of `buf` as git's `gather_stats` does, for text/eol decisions. */
export function gatherTextStats(buf: Buffer): TextStats {
  let nul = 0;
  let lonecr = 0;
  let lonelf = 0;
  let crlf = 0;
  let printable = 0;
  let nonprintable = 0;
  const size = buf.length;
  for (let i = 0; i < size; i++) {
    const c = buf[i];
    if (c === 0x0d) {
      if (i + 1 < size && buf[i + 1] === 0x0a) {
        crlf++;
        i++;
      } else lonecr++;
      continue;
    }
    if (c === 0x0a) {
      lonelf++;
      continue;
    }
    if (c === 127) nonprintable++;
    else if (c < 32) {
      if (c === 0x08 || c === 0x09 || c === 0x1b || c === 0x0c) printable++;
      else {
        if (c === 0) nul++;
        nonprintable++;
      }
    } else printable++;
  }
  if (size >= 1 && buf[size - 1] === 0x1a) nonprintable--;
  const binary = lonecr > 0 || nul > 0 || Math.floor(printable / 128) < nonprintable;
  return { nul, lonecr, lonelf, crlf, printable, nonprintable, binary };
}

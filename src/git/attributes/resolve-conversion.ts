import type { PathAttributes } from './create-attribute-lookup.js';
import type { ConversionConfig, FilterDriver } from './read-conversion-config.js';

/**
 * What git does to a file's end-of-lines on checkout, named after git's `convert_crlf_action`, already
 * decided against `core.autocrlf` and `core.eol`: `binary` leaves it alone, `input` ones never add a CR,
 * `crlf` turns every lone LF into CRLF, `auto-crlf` does so only for a text file with no CR at all.
 */
export type CrlfAction = 'binary' | 'input' | 'auto-input' | 'crlf' | 'auto-crlf';

/** Everything a checkout applies to one path, in git's order: ident, then end-of-lines, then the filter. */
export interface Conversion {
  crlf: CrlfAction;
  ident: boolean;
  /** The filter driver the `filter` attribute names, when that driver is configured at all. */
  driver?: FilterDriver;
}

/**
 * Decides the conversion of one path from its attributes (`text`, its legacy spelling `crlf`, `eol`,
 * `ident`, `filter`) and the config, as git's `convert_attrs` does: `text` or `-text` wins over `crlf`,
 * `eol=` makes a file text (or picks the end-of-line of `text=auto`), an unspecified `text` falls back
 * to `core.autocrlf`, and `text` alone writes CRLF only with `core.autocrlf=true` or `core.eol=crlf`.
 */
export function resolveConversion(attributes: PathAttributes, config: ConversionConfig): Conversion {
  type Raw = 'text' | 'binary' | 'input' | 'auto' | 'undefined';
  const check = (value: string | boolean | undefined): Raw => {
    if (value === true) return 'text';
    if (value === false) return 'binary';
    if (value === 'input') return 'input';
    if (value === 'auto') return 'auto';
    return 'undefined';
  };
  let action: Raw | 'auto-input' | 'auto-crlf' | 'crlf' = check(attributes.get('text'));
  if (action === 'undefined') action = check(attributes.get('crlf'));
  if (action !== 'binary') {
    const eol = attributes.get('eol');
    if (action === 'auto' && eol === 'lf') action = 'auto-input';
    else if (action === 'auto' && eol === 'crlf') action = 'auto-crlf';
    else if (eol === 'lf') action = 'input';
    else if (eol === 'crlf') action = 'crlf';
  }
  const eolIsCrlf = config.autocrlf === 'true' || (config.autocrlf === 'false' && config.eol === 'crlf');
  let crlf: CrlfAction;
  switch (action) {
    case 'text':
      crlf = eolIsCrlf ? 'crlf' : 'input';
      break;
    case 'auto':
      // git keeps CRLF_AUTO and decides its end-of-line at output time, by the same rule.
      crlf = eolIsCrlf ? 'auto-crlf' : 'auto-input';
      break;
    case 'undefined':
      crlf = config.autocrlf === 'true' ? 'auto-crlf' : config.autocrlf === 'input' ? 'auto-input' : 'binary';
      break;
    default:
      crlf = action;
  }
  const filter = attributes.get('filter');
  const driver = typeof filter === 'string' ? config.drivers.get(filter) : undefined;
  return { crlf, ident: attributes.get('ident') === true, ...(driver && { driver }) };
}

// ANSI CSI and OSC sequences (colours, hyperlinks): they take no column.
const ansi = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g;
// Marks drawn on the character before them, zero-width joiners and variation selectors: no column.
const zeroWidth = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]$/u;
// Characters a terminal draws two columns wide: East Asian wide and fullwidth forms, and emoji.
const wide =
  /^[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F680}-\u{1F6FF}\u{1F900}-\u{1F9FF}\u{1FA70}-\u{1FAFF}\u{20000}-\u{3FFFD}]$/u;

/**
 * The number of terminal columns `text` takes: ANSI escapes take none, combining marks, joiners and
 * control characters none, East Asian wide characters and emoji two, every other code point one.
 */
export function displayWidth(text: string): number {
  let columns = 0;
  for (const character of text.replace(ansi, '')) columns += charWidth(character);
  return columns;
}

function charWidth(character: string): number {
  const code = character.codePointAt(0) ?? 0;
  if (zeroWidth.test(character) || (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0x200b && code <= 0x200f))
    return 0;
  return wide.test(character) ? 2 : 1;
}

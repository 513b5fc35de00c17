// ANSI CSI and OSC sequences: colour codes and hyperlinks that jobs write to their logs and messages.
const ansi = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g;
// Control characters other than tab and newlines: HTML has no use for them.
const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * `value` as HTML text or a double- or single-quoted attribute value: `&`, `<`, `>`, `"` and `'` become
 * character references, ANSI escape sequences and control characters (but tab and newlines) are dropped.
 * Whatever a change, job, message or path holds, it reads as text and never as markup.
 */
export function escapeHtml(value: string): string {
  return value
    .replace(ansi, '')
    .replace(control, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

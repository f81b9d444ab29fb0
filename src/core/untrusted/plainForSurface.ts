/**
 * Text a server sends (failure reasons, LAVA's `error_type: error_msg`, DRF's
 * `detail`, test names, job descriptions, submitter and device names) is
 * written by whoever submitted the job: VS Code must show it as text, never
 * as markup.  One escaper per kind of place that renders markup:
 *
 *   plainNotification  showInformationMessage / showWarningMessage / showErrorMessage
 *                      turn `[label](https:…|command:…|file:…)` into a link (a `command:`
 *                      link runs a command).  Every `](` becomes `] (`, a bare
 *                      `command:`/`file:`/`vscode:` URI gets a space after its colon.
 *                      (Notifications show `$(icon)` as it is: nothing to escape there.)
 *   plainLabel         quick-pick labels, descriptions and details, status bar text:
 *                      `$(icon)` is a codicon, so `$(` becomes `\$(` (shown as `$(`).
 *   plainLine          diagnostics (Problems), Outline names and details: VS Code shows
 *                      them as text, but a line break, a control, a bidi override or the
 *                      notice mark would act there: all made visible (`oneLine`), bounded.
 *   plainStatus        status bar messages (setStatusBarMessage): `$(` escaped like a label,
 *                      and no link.
 *   markdownText       Markdown (Show Results): every character with a meaning inline is
 *                      backslash-escaped, `<` `>` `&` are entities (no HTML, no autolink,
 *                      no image, no link, no table cell break, no math).
 *
 * All three put the text on one line (core/untrusted/sanitize.ts `flatText`: line
 * breaks become spaces, control, invisible and bidi characters visible); the
 * first two also bound its length.  Our own words are not passed through
 * them, so they keep their codicons.
 */
import { bound, flatText, oneLine } from './sanitize';

/** The longest notification message (VS Code shows a few lines of it anyway). */
export const NOTIFICATION_MAX = 500;
/** The longest label, description or detail of a pick item, or status bar text. */
export const LABEL_MAX = 200;

/** Server text as a notification message: one line, no link, at most NOTIFICATION_MAX characters. */
export function plainNotification(text: string): string {
  const flat = flatText(text.length > NOTIFICATION_MAX * 4 ? text.slice(0, NOTIFICATION_MAX * 4) : text);
  return bound(flat.replace(/\]\(/g, '] (').replace(/\b(command|file|vscode|vscode-insiders):(?=\S)/gi, '$1: '), NOTIFICATION_MAX);
}

/** Server text in a quick-pick item or the status bar: one line, no codicon, at most LABEL_MAX characters. */
export function plainLabel(text: string): string {
  const flat = flatText(text.length > LABEL_MAX * 4 ? text.slice(0, LABEL_MAX * 4) : text);
  return bound(flat.replace(/\$\(/g, '\\$('), LABEL_MAX);
}

/** The longest diagnostic message, Outline name or detail. */
export const LINE_MAX = 1000;

/**
 * Server text where VS Code renders nothing but text (a diagnostic's message, an Outline
 * symbol's name or detail): one line, every control, invisible or bidi character, the notice
 * mark and the line breaks made visible, at most `max` characters.
 */
export function plainLine(text: string, max: number = LINE_MAX): string {
  return oneLine(flatText(text.length > max * 4 ? text.slice(0, max * 4) : text), max);
}

/** A status bar message (setStatusBarMessage renders `$(icon)`): one line, no codicon, no link, at most LABEL_MAX characters. */
export function plainStatus(text: string): string {
  return plainLabel(plainNotification(text));
}

/**
 * Server text inside a line of Markdown (a heading, a table cell, a
 * paragraph): shown as the same characters, whatever they are.
 *
 * Escaped with a backslash: `\` `` ` `` `*` `_` `[` `]` `(` `)` `!` `#` `|`
 * `~` `$` `:` `.`; as entities: `<` `>` `&`.  `:` and `.` keep a URL or a
 * domain from becoming an autolink.  Left as they are because they mean
 * nothing inside a line: `-` `+` `=` `{` `}` `'` `"` `@` and the others, and
 * `_` between two letters or digits (it cannot emphasize there), so
 * `0_smoke-tests` reads as it is.
 */
export function markdownText(text: string): string {
  const flat = flatText(text);
  return flat.replace(/[\\`*_[\]()!#|~$:.<>&]/g, (ch, at: number) => {
    switch (ch) {
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '&':
        return '&amp;';
      case '_':
        return isWordChar(flat[at - 1]) && isWordChar(flat[at + 1]) ? '_' : '\\_';
      default:
        return '\\' + ch;
    }
  });
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

/**
 * Server text in a tree item (the LAVA view's label, description, tooltip line): one line, every
 * control, invisible or bidi character made visible, no codicon (`$(` becomes `$ (`: a tree item
 * shows a backslash as it is), at most `max` characters. A tree item's string tooltip is plain text.
 */
export function plainTreeText(text: string, max: number = LABEL_MAX): string {
  return plainLine(text, max).replace(/\$\(/g, '$ (');
}

/**
 * A copy of `s` that keeps nothing else alive. V8 keeps a substring (a slice, a regex
 * capture) as a view of its whole parent (here: a page of up to 5000 log lines as the server
 * answered it) and a concatenation as its parts. A string the log keeps for the job's
 * lifetime (an action's name, a problem's message) goes through this, so that no page of
 * the log is held a second time behind it.
 */
export function ownText(s: string): string {
  // V8 copies substrings shorter than 13 characters; a longer one is flattened by slicing a
  // concatenation (the copy is the new parent).
  return s.length < 13 ? s : (' ' + s).slice(1);
}

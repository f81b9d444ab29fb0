// core/model — what our checks and LAVA's say about a job definition, before anyone words it.

/** Why a text is not sent (our own checks, no server asked). */
export type DefinitionRefusal = 'empty' | 'yaml' | 'not-a-job' | 'too-big';

/** How a problem's range was found. */
export type Located =
  /** The server named the node (XML-RPC path, submit's `@ data[…]` or a text that names a key). */
  | 'path'
  /** The server gave only a message (REST validate): the node was guessed from it. */
  | 'guess'
  /** Nothing better than the start of the document. */
  | 'start';

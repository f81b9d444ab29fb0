// core/submit — who agreed to send what, and where. A job definition submitted to LAVA runs on real
// hardware with the user's token; a definition in a workspace was written by whoever wrote the
// workspace. So a document is submitted only to a server the user chose for it (asked once per
// document, the answer remembered across reloads), and in Restricted Mode (a workspace the user has
// not trusted) every submission and resubmission is confirmed, and nothing from the workspace is
// sent on its own (no validation on save).
import { ServerConfig } from '../config/servers';

/** What a Submit of one document needs before anything is sent. */
export interface SubmitRequest {
  /** `vscode.workspace.isTrusted`. */
  trusted: boolean;
  /** The configured servers (`lava.servers`). */
  servers: readonly ServerConfig[];
  /** The server the user chose for this document before (remembered), if any. */
  chosen?: string;
  /** A server the caller names (a command argument): submitted to only once confirmed, unless it is the chosen one. */
  requested?: string;
  /** "Other server…": ask again, whatever was chosen. */
  chooseAgain?: boolean;
  /** The server the document was opened from (Open Job Definition): offered first, not chosen. */
  origin?: string;
}

export type SubmitStep =
  /** No server configured: nothing to ask. */
  | { kind: 'no-server' }
  /**
   * Ask which server (several configured, or "Other server…"); the answer is the consent, and is
   * remembered. `servers`: every configured one, the chosen (else the origin) first; `current`: the
   * chosen one, if any. The pick also offers to add a server (vscode/workflows/askSubmitConsent.ts).
   */
  | { kind: 'pick'; servers: readonly ServerConfig[]; current?: ServerConfig }
  /**
   * Ask "Submit … to <server>?" (modal): `first` — the document's first submission (one server
   * configured); `requested` — a server the caller named, not the chosen one; `untrusted` —
   * Restricted Mode confirms every submission. A yes is remembered (not for `untrusted`: it already was).
   */
  | { kind: 'confirm'; server: ServerConfig; why: 'first' | 'requested' | 'untrusted' }
  /** Send: the user chose this server for this document, and the workspace is trusted. */
  | { kind: 'send'; server: ServerConfig };

/** The next step of a Submit: see SubmitStep. A chosen or requested server no longer configured counts as none. */
export function submitStep(req: SubmitRequest): SubmitStep {
  const { servers } = req;
  if (servers.length === 0) return { kind: 'no-server' };
  const chosen = servers.find((s) => s.url === req.chosen);
  const requested = servers.find((s) => s.url === req.requested);
  if (req.chooseAgain) return ask(servers, chosen, req.origin, true);
  if (requested && requested !== chosen) return { kind: 'confirm', server: requested, why: 'requested' };
  if (!chosen) return ask(servers, undefined, req.origin);
  return req.trusted ? { kind: 'send', server: chosen } : { kind: 'confirm', server: chosen, why: 'untrusted' };
}

/** Asks which server; "Other server…" (`again`) always picks, also among one server: the pick offers Add Server… too. */
function ask(servers: readonly ServerConfig[], current: ServerConfig | undefined, origin: string | undefined, again = false): SubmitStep {
  if (servers.length === 1 && !again) return { kind: 'confirm', server: servers[0], why: 'first' };
  const first = current ?? servers.find((s) => s.url === origin);
  return { kind: 'pick', servers: first ? [first, ...servers.filter((s) => s !== first)] : servers, current };
}

/** Whether a confirmed step makes its server the document's chosen one. */
export function remembersChoice(step: SubmitStep): boolean {
  return step.kind === 'pick' || (step.kind === 'confirm' && step.why !== 'untrusted');
}

/** A Resubmit (a job already on the server, submitted again): confirmed first in Restricted Mode. */
export function resubmitNeedsConfirmation(trusted: boolean): boolean {
  return !trusted;
}

export type SaveValidation = 'validate' | 'off' | 'no-server' | 'untrusted';

/**
 * Whether a saved job definition is sent to its server for validation: only with the setting on
 * (`lava.validateOnSave`), a server configured, and a trusted workspace — in Restricted Mode
 * nothing from the workspace is sent unless the user asks (LAVA: Validate Job Definition).
 */
export function saveValidation(trusted: boolean, enabled: boolean, serverCount: number): SaveValidation {
  if (!enabled) return 'off';
  if (serverCount === 0) return 'no-server';
  return trusted ? 'validate' : 'untrusted';
}

/** The few calls of VS Code's Memento that SubmitChoices uses (`context.workspaceState`). */
export interface ChoiceStore {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** Where the chosen servers are kept in the workspace state. */
export const SUBMIT_CHOICES_KEY = 'lava.submitChoices';
/** At most this many documents remembered (the oldest answer forgotten first). */
export const MAX_CHOICES = 500;
/** A document URI or server URL longer than this is not remembered (asked again next time). */
const MAX_KEY = 4096;

/**
 * The server chosen for each document, by URI, kept in the workspace state (across reloads).
 * An untitled document's choice is kept in memory only and dropped when it closes: its URI
 * (`untitled:Untitled-1`) is given to the next new document.
 */
export class SubmitChoices {
  /** URI → server URL, oldest first (insertion order). */
  private readonly saved = new Map<string, string>();
  private readonly untitled = new Map<string, string>();

  constructor(private readonly store?: ChoiceStore) {
    const stored = store?.get(SUBMIT_CHOICES_KEY);
    if (!Array.isArray(stored)) return;
    for (const entry of stored.slice(-MAX_CHOICES)) {
      if (!Array.isArray(entry) || entry.length !== 2) continue;
      const [uri, url] = entry as unknown[];
      if (typeof uri === 'string' && typeof url === 'string' && uri.length <= MAX_KEY && url.length <= MAX_KEY) this.saved.set(uri, url);
    }
  }

  get(uri: string): string | undefined {
    return isUntitled(uri) ? this.untitled.get(uri) : this.saved.get(uri);
  }

  /** Remembers the server chosen for a document; kept in the workspace state unless untitled. */
  set(uri: string, serverUrl: string): PromiseLike<void> | undefined {
    if (uri.length > MAX_KEY || serverUrl.length > MAX_KEY) return undefined;
    if (isUntitled(uri)) {
      this.untitled.set(uri, serverUrl);
      return undefined;
    }
    if (this.saved.get(uri) === serverUrl) return undefined;
    this.saved.delete(uri);
    this.saved.set(uri, serverUrl);
    while (this.saved.size > MAX_CHOICES) this.saved.delete(this.saved.keys().next().value as string);
    return this.store?.update(SUBMIT_CHOICES_KEY, [...this.saved]);
  }

  /** A document closed: an untitled one's choice goes (its URI will name another document). */
  closed(uri: string): void {
    this.untitled.delete(uri);
  }
}

function isUntitled(uri: string): boolean {
  return uri.startsWith('untitled:');
}

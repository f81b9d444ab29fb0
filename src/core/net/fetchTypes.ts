// The two types every request is made with, apart from http.ts so that redact.ts (which http.ts
// uses) can name them without importing http.ts back.

/** The platform's fetch (Node 18+, VS Code's extension host), injectable for tests. */
export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

/** A token and the one server it belongs to: sent only to URLs under `serverUrl` (same origin, same base path). */
export interface Credentials {
  /** The server's base URL (normalized: no trailing slash). */
  serverUrl: string;
  token: string;
}

import * as vscode from 'vscode';
import { normalizeServerUrl, ServerConfig } from '../../core/config/servers';
import { checkToken } from '../../core/config/tokens';
import { probeEvents, probeVersion, VersionProbe } from '../../core/lavaView/serverProbe';
import { LavaError } from '../../core/net/errors';
import { FetchFn } from '../../core/net/http';
import { ApiDetector } from '../../core/protocols/apiDetect';
import { whoami } from '../../core/protocols/rest/jobList';
import {
  addedServerText,
  removedServerText,
  removeServerQuestion,
  SERVERS,
  TEST_WORDS,
  testConnectionText,
  versionFoundText,
  versionUnknownText,
} from '../../core/text/lavaViewText';
import { plainLabel, plainNotification } from '../../core/untrusted/plainForSurface';
import { addServers, getServers, removeServer } from '../settings';
import { TokenStore } from '../tokenStore';

export interface ServerCommandDeps {
  tokens: TokenStore;
  fetch: FetchFn;
  apis: ApiDetector;
  timeoutMs: () => number;
}

function versionText(probe: VersionProbe): string {
  if (probe.kind === 'version') return versionFoundText(probe.version);
  return versionUnknownText(probe.kind === 'login' ? 'the server asks for a login' : probe.message);
}

/** LAVA: Add Server… — URL (its version read at once), name, user name, token; the server goes into the user's `lava.servers`. */
export async function addServerCommand(deps: ServerCommandDeps): Promise<void> {
  const urlText = await vscode.window.showInputBox({
    title: SERVERS.addTitle,
    prompt: SERVERS.urlPrompt,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const checked = normalizeServerUrl(v);
      if (!checked.ok) return checked.message;
      return getServers().some((s) => s.url === checked.url) ? SERVERS.alreadyThere : undefined;
    },
  });
  if (urlText === undefined) return;
  const checked = normalizeServerUrl(urlText);
  if (!checked.ok || getServers().some((s) => s.url === checked.url)) return;
  const url = checked.url;
  let version = await probeVersion(url, { fetch: deps.fetch, timeoutMs: deps.timeoutMs() });
  const name = await vscode.window.showInputBox({
    title: `${SERVERS.addTitle} ${plainLabel(versionText(version))}`,
    prompt: SERVERS.namePrompt,
    value: new URL(url).host,
    ignoreFocusOut: true,
  });
  if (name === undefined) return;
  const username = await vscode.window.showInputBox({ title: SERVERS.addTitle, prompt: SERVERS.usernamePrompt, ignoreFocusOut: true });
  if (username === undefined) return;
  const token = await vscode.window.showInputBox({
    title: SERVERS.addTitle,
    prompt: SERVERS.tokenPrompt,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (v === '') return undefined;
      const c = checkToken(v);
      return c.ok ? undefined : c.message;
    },
  });
  if (token === undefined) return;
  const server: ServerConfig = { name: name.trim() || new URL(url).host, url, ...(username.trim() ? { username: username.trim() } : {}) };
  await addServers([server]);
  if (token !== '') {
    await deps.tokens.set(url, token);
    if (version.kind === 'login') {
      const credentials = await deps.tokens.credentials(url);
      if (credentials) version = await probeVersion(url, { fetch: deps.fetch, timeoutMs: deps.timeoutMs(), credentials });
    }
  }
  void vscode.window.showInformationMessage(plainNotification(addedServerText(server.name, versionText(version))));
}

async function pickServer(title: string, arg: unknown): Promise<ServerConfig | undefined> {
  const servers = getServers();
  const named = servers.find((s) => s.url === (arg as { serverUrl?: unknown } | undefined)?.serverUrl || s.url === arg);
  if (named) return named;
  if (servers.length === 0) {
    void vscode.window.showInformationMessage(SERVERS.noServers);
    return undefined;
  }
  if (servers.length === 1) return servers[0];
  const picked = await vscode.window.showQuickPick(
    servers.map((server) => ({ label: plainLabel(server.name), description: plainLabel(server.url), server })),
    { title },
  );
  return picked?.server;
}

/** LAVA: Remove Server — from the user's `lava.servers`, with its token. `arg`: a server item of the view, or a URL. */
export async function removeServerCommand(deps: Pick<ServerCommandDeps, 'tokens'>, arg?: unknown): Promise<void> {
  const server = await pickServer(SERVERS.removeTitle, arg);
  if (!server) return;
  const REMOVE: vscode.MessageItem = { title: SERVERS.remove };
  const answer = await vscode.window.showWarningMessage(plainNotification(removeServerQuestion(server.name)), { modal: true }, REMOVE);
  if (answer !== REMOVE) return;
  await removeServer(server.url);
  await deps.tokens.forget(server.url);
  void vscode.window.showInformationMessage(plainNotification(removedServerText(server.name)));
}

/** LAVA: Test Connection — version, API, events, and whether the token works and as whom. */
export async function testConnectionCommand(deps: ServerCommandDeps, arg?: unknown): Promise<void> {
  const server = await pickServer(SERVERS.testTitle, arg);
  if (!server) return;
  const credentials = await deps.tokens.credentials(server.url);
  const http = { fetch: deps.fetch, timeoutMs: deps.timeoutMs(), credentials };
  const [version, events, api, user] = await Promise.all([
    probeVersion(server.url, http),
    probeEvents(server.url, http),
    deps.apis.resolve(server, credentials).then(
      (a) => String(a),
      (err: unknown) => (err instanceof LavaError ? err.message : String(err)),
    ),
    credentials
      ? whoami(server.url, http).then(
          (u) => (u ? TEST_WORDS.tokenWorks(u) : TEST_WORDS.tokenAnonymous),
          (err: unknown) => (err instanceof LavaError && err.kind === 'unauthorized' ? TEST_WORDS.tokenRefused : String(err)),
        )
      : Promise.resolve(TEST_WORDS.tokenNone),
  ]);
  const eventsText =
    events.kind === 'on' ? TEST_WORDS.eventsOn(events.topic) : events.kind === 'off' ? TEST_WORDS.eventsOff : TEST_WORDS.eventsUnknown;
  void vscode.window.showInformationMessage(
    plainNotification(testConnectionText({ name: server.name, version: versionText(version), api, events: eventsText, token: user })),
  );
}

import * as vscode from 'vscode';
import { resolveServer } from './core/config/servers';
import { ApiDetector } from './core/protocols/apiDetect';
import { Follows } from './vscode/follow/follows';
import { findJobCommand } from './vscode/commands/findJob';
import { followJobCommand } from './vscode/commands/followJob';
import { forgetTokenCommand } from './vscode/commands/forgetToken';
import { importLavacliCommand } from './vscode/commands/importLavacli';
import { setTokenCommand } from './vscode/commands/setToken';
import { showFollowedJobsCommand } from './vscode/commands/showFollowedJobs';
import { showResultsCommand } from './vscode/commands/showResults';
import { stopFollowingCommand } from './vscode/commands/stopFollowing';
import { getFollowSettings, getServers } from './vscode/settings';
import { changeLogTimeCommand } from './vscode/commands/changeLogTime';
import { cancelJobCommand } from './vscode/commands/cancelJob';
import { openJobDefinitionCommand } from './vscode/commands/openJobDefinition';
import { resubmitJobCommand } from './vscode/commands/resubmitJob';
import { submitJobCommand } from './vscode/commands/submitJob';
import { validateDefinitionCommand } from './vscode/commands/validateDefinition';
import { DocumentServers } from './vscode/documentServers';
import { DefinitionDiagnostics } from './vscode/views/definitionDiagnostics';
import { OfflineDiagnostics } from './vscode/authoring/offlineDiagnostics';
import { OfflineQuickFixes } from './vscode/authoring/quickFixes';
import { DefinitionLens } from './vscode/views/definitionLens';
import { watchDefinitions } from './vscode/workflows/validateOnSave';
import { TOKEN_KEY_PREFIX, TokenStore } from './vscode/tokenStore';
import { FollowMemory } from './vscode/follow/followMemory';
import { JOB_LOG_SCHEME } from './core/document/jobLogUri';
import { closeJobChannelCommand } from './vscode/commands/closeJobChannel';
import { filterLogLevelsCommand } from './vscode/commands/filterLogLevels';
import { goToFirstErrorCommand } from './vscode/commands/goToFirstError';
import { openJobLogCommand } from './vscode/commands/openJobLog';
import { openLineInBrowserCommand } from './vscode/commands/openLineInBrowser';
import { JobLogDocuments } from './vscode/views/jobLogDocuments';
import { registerJobLogLinks } from './vscode/views/jobLogLinks';
import { JobLogProblems } from './vscode/views/jobLogProblems';
import { JobLogStructure } from './vscode/views/jobLogStructure';
import { JobLogTail } from './vscode/views/jobLogTail';
import { notifyEnd } from './vscode/views/notifications';
import { FollowStatusBar } from './vscode/views/statusBar';
import { EventStreams } from './vscode/events/eventStreams';
import { JobWatch } from './vscode/events/jobWatch';
import { ViewStreamLeases } from './vscode/events/viewLeases';
import { WATCH_MY_JOBS_KEY } from './vscode/followMemoryKeys';
import { ServerConfig } from './core/config/servers';
import { ServerEvents } from './core/events/lavaEvent';
import { LavaViewController } from './core/lavaView/viewController';
import { systemClock } from './core/util/clock';
import { LavaViews } from './vscode/lavaView/lavaViews';
import { LavaTreeViews } from './vscode/lavaView/lazyViews';
import { addServerCommand, removeServerCommand, testConnectionCommand } from './vscode/lavaView/serverCommands';
import { fetchTestCases } from './core/protocols/rest/testResults';
import { RESULTS_SCHEME } from './core/document/resultsUri';
import { resultsReader, sinceLastRun } from './vscode/testing/resultsReaders';
import { LavaTests } from './vscode/testing/lavaTests';
import { ResultsDocuments } from './vscode/testing/resultsDocuments';
import { compareWithPreviousRunCommand } from './vscode/testing/compareWithPreviousRun';
import { DefinitionTests } from './vscode/testing/definitionTests';
import { cancelJob } from './core/submit/jobActions';
import { submitDeps } from './vscode/workflows/restActions';

/**
 * Wires the extension: every piece takes what it needs; every disposable goes into the context.
 * Loaded by extension.ts when the extension is first needed (dist/main.js, its own bundle).
 */
export function activateMain(context: vscode.ExtensionContext, views?: LavaTreeViews): void {
  const tokens = new TokenStore(context.secrets);
  const fetch = globalThis.fetch.bind(globalThis);
  // LAVA's event streams: one per configured server while something uses it (a follow, Watch My
  // Jobs, the LAVA view through `streams.use` / `streams.events`).
  const streams = new EventStreams({
    servers: getServers,
    credentials: (serverUrl) => tokens.credentials(serverUrl),
    fetch,
    timeoutMs: () => getFollowSettings().timeoutMs,
  });
  const access = {
    tokens,
    fetch,
    apis: new ApiDetector(fetch, () => getFollowSettings().timeoutMs),
    events: (server: ServerConfig) => streams.get(server.url),
  };
  const follows = new Follows(access);
  const deps = { ...access, follows };
  const statusBar = new FollowStatusBar(follows);
  // Test results (issue 22): REST requests with the server's token, read-only results documents.
  const restDeps = async (serverUrl: string) => ({
    fetch,
    timeoutMs: getFollowSettings().timeoutMs,
    credentials: await tokens.credentials(serverUrl),
  });
  const results = new ResultsDocuments(resultsReader(restDeps));

  // Disposed before the follows are stopped: a window reload must not forget what it followed.
  const memory = new FollowMemory(context.workspaceState, follows);
  context.subscriptions.push(
    memory,
    follows,
    statusBar,
    // How a job ended is told here, once, for the follows that tell it.
    follows.onDidChange((e) => {
      if (e.kind === 'ended' && e.follow.notify)
        void notifyEnd(follows, e.follow, e.end, e.end.kind === 'finished' && e.end.outcome ? sinceLastRun(restDeps, e.follow) : undefined);
    }),
    vscode.commands.registerCommand('lava.followJob', (input?: unknown) =>
      followJobCommand(deps, typeof input === 'string' ? input : undefined),
    ),
    vscode.commands.registerCommand('lava.stopFollowing', () => stopFollowingCommand(follows)),
    vscode.commands.registerCommand('lava.setToken', (server?: unknown) => setTokenCommand(tokens, server)),
    vscode.commands.registerCommand('lava.forgetToken', (server?: unknown) => forgetTokenCommand(tokens, server)),
    results,
    vscode.workspace.registerTextDocumentContentProvider(RESULTS_SCHEME, results),
    vscode.commands.registerCommand('lava.importLavacli', () => importLavacliCommand(tokens)),
    vscode.commands.registerCommand('lava.findJob', () => findJobCommand(deps)),
    vscode.commands.registerCommand('lava.showFollowedJobs', () => showFollowedJobsCommand(follows, statusBar)),
  );

  // The job log as a document: one follow feeds its channel and its documents.
  // A document's follow has no channel and tells nothing at its end (the document shows it).
  const documentFollow = (address: { serverUrl: string; jobId: string }) => {
    const { server, configured } = resolveServer(getServers(), address.serverUrl);
    return follows.follow(server, address.jobId, { anonymous: !configured, channel: false, notify: false });
  };
  const documents = new JobLogDocuments(documentFollow, () => getFollowSettings().format);
  const problems = new JobLogProblems(documents);
  const structure = new JobLogStructure(documents);
  const tail = new JobLogTail();
  // The Testing view: every followed job (and each job whose results were shown) as job → suites → cases.
  const tests = new LavaTests({
    onFollow: (listener) => follows.onDidChange(listener),
    documents,
    readCases: async (serverUrl, jobId) => fetchTestCases(serverUrl, jobId, await restDeps(serverUrl)),
    resultsOf: (follow) => follow.log.results,
    serverName: (serverUrl) => (getServers().length > 1 ? getServers().find((s) => s.url === serverUrl)?.name : undefined),
  });
  context.subscriptions.push(
    tests,
    vscode.commands.registerCommand('lava.showResults', (serverUrl?: unknown, jobId?: unknown) =>
      showResultsCommand({ ...deps, tests, results }, serverUrl, jobId),
    ),
    vscode.commands.registerCommand('lava.compareWithPreviousRun', (arg?: unknown, jobId?: unknown) =>
      compareWithPreviousRunCommand({ ...deps, results }, arg, jobId),
    ),
  );
  const logSelector: vscode.DocumentSelector = { scheme: JOB_LOG_SCHEME };
  context.subscriptions.push(
    documents,
    problems,
    tail,
    vscode.workspace.registerTextDocumentContentProvider(JOB_LOG_SCHEME, documents),
    vscode.languages.registerDocumentSymbolProvider(logSelector, structure, { label: 'LAVA pipeline' }),
    vscode.languages.registerFoldingRangeProvider(logSelector, structure),
    vscode.commands.registerCommand('lava.openJobLog', (serverUrl?: unknown, jobId?: unknown) => openJobLogCommand(serverUrl, jobId)),
    vscode.commands.registerCommand('lava.goToFirstError', () => goToFirstErrorCommand(documents, problems)),
    vscode.commands.registerCommand('lava.openLineInBrowser', () => openLineInBrowserCommand(documents)),
    vscode.commands.registerCommand('lava.scrollToEnd', () => tail.scrollToEnd()),
    vscode.commands.registerCommand('lava.filterLogLevels', () => filterLogLevelsCommand(documents)),
    vscode.commands.registerCommand('lava.changeLogTime', () => changeLogTimeCommand(documents)),
    registerJobLogLinks(documents),
    vscode.commands.registerCommand('lava.closeJobChannel', () => closeJobChannelCommand(follows)),
  );
  // The job loop: validate, submit, cancel, resubmit, open a job's definition.
  const loop = { ...deps, diagnostics: new DefinitionDiagnostics(), documents: new DocumentServers(context.workspaceState) };
  const lens = new DefinitionLens(loop.documents);
  context.subscriptions.push(
    loop.diagnostics,
    loop.documents,
    lens,
    vscode.languages.registerCodeLensProvider({ language: 'yaml' }, lens),
    watchDefinitions(loop),
    vscode.commands.registerCommand('lava.validateDefinition', (uri?: unknown) => validateDefinitionCommand(loop, uri)),
    vscode.commands.registerCommand('lava.submitJob', (uri?: unknown, server?: unknown) => submitJobCommand(loop, uri, server)),
    vscode.commands.registerCommand('lava.cancelJob', (server?: unknown, id?: unknown) => cancelJobCommand(loop, server, id)),
    vscode.commands.registerCommand('lava.resubmitJob', (server?: unknown, id?: unknown) => resubmitJobCommand(loop, server, id)),
    vscode.commands.registerCommand('lava.openJobDefinition', (server?: unknown, id?: unknown) =>
      openJobDefinitionCommand(loop, server, id),
    ),
  );
  // Job definitions checked offline as you type (LAVA's schema, no server), with quick fixes (issue 23).
  const offline = new OfflineDiagnostics();
  context.subscriptions.push(
    offline,
    vscode.languages.registerCodeActionsProvider({ language: 'yaml' }, new OfflineQuickFixes(offline), OfflineQuickFixes.metadata),
  );
  // ▶ on a job definition: submitted (its server asked once, as the CodeLens does), followed into the run.
  context.subscriptions.push(
    new DefinitionTests(tests.controller, tests, {
      submit: (uri) => submitJobCommand(loop, uri),
      cancel: async (server, jobId) => void (await cancelJob(server.url, jobId, await submitDeps(loop, server)).catch(() => undefined)),
      resubmit: (serverUrl, jobId) => vscode.commands.executeCommand('lava.resubmitJob', serverUrl, jobId),
    }),
  );
  // Watch My Jobs and quiet jobs (`watch.quiet`), over the event streams.
  const watch = new JobWatch(streams, follows, undefined, (on) => void context.globalState.update(WATCH_MY_JOBS_KEY, on));
  context.subscriptions.push(
    watch,
    streams,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lava.servers')) streams.refresh();
    }),
    context.secrets.onDidChange((e) => {
      if (e.key.startsWith(TOKEN_KEY_PREFIX)) streams.tokenChanged(e.key.slice(TOKEN_KEY_PREFIX.length));
    }),
  );
  // The LAVA view (Jobs, Devices) and server management.
  const timeoutMs = () => getFollowSettings().timeoutMs;
  if (views) {
    // Each server's stream is held while a LAVA view is visible; these listeners come before the view's own.
    const leases = new ViewStreamLeases(streams, getServers);
    const visible = () => views.jobs.view.visible || views.devices.view.visible;
    leases.update(visible());
    context.subscriptions.push(
      leases,
      views.jobs.view.onDidChangeVisibility(() => leases.update(visible())),
      views.devices.view.onDidChangeVisibility(() => leases.update(visible())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lava.servers')) leases.update(visible());
      }),
    );
    const serverEvents = (server: ServerConfig): ServerEvents | undefined => streams.get(server.url);
    const controller = new LavaViewController({
      fetch,
      timeoutMs,
      credentials: (serverUrl) => tokens.credentials(serverUrl),
      clock: systemClock,
      events: serverEvents,
    });
    const onServersChanged = (listener: () => void) =>
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lava.servers')) listener();
      });
    context.subscriptions.push(new LavaViews(views, controller, follows, getServers, onServersChanged, watch.quiet));
  }
  const serverDeps = { ...access, timeoutMs };
  context.subscriptions.push(
    vscode.commands.registerCommand('lava.addServer', () => addServerCommand(serverDeps)),
    vscode.commands.registerCommand('lava.removeServer', (arg?: unknown) => removeServerCommand(serverDeps, arg)),
    vscode.commands.registerCommand('lava.testConnection', (arg?: unknown) => testConnectionCommand(serverDeps, arg)),
  );
  void memory.resume();
}

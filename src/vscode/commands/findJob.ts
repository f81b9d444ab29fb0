import * as vscode from 'vscode';
import { JobFinder } from '../../core/find/jobFinder';
import { buildPickItems, PickItem } from '../../core/find/jobPickModel';
import { plainLabel } from '../../core/untrusted/plainForSurface';
import { ServerConfig } from '../../core/config/servers';
import { askJobRef } from '../workflows/askJobRef';
import { FollowContext } from '../follow/follows';
import { getFollowSettings, getServers } from '../settings';
import { pickServer } from '../workflows/pickServer';
import { BUTTONS, copiedText, findJobOnServerTitle, jobIdOnServerPrompt, PROMPTS, TITLES } from '../../core/text/uiText';

const TITLE = TITLES.findJob;
const OPEN_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: BUTTONS.openInBrowser };
const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: BUTTONS.copyJobUrl };
const LOG_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-tree'), tooltip: BUTTONS.openJobLog };
const ALL_JOBS_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('account'), tooltip: BUTTONS.showOnlyMyJobs };
const MY_JOBS_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('filter-filled'),
  tooltip: BUTTONS.showAllJobs,
};
const CANCEL_JOB_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('close'), tooltip: BUTTONS.cancelJobAsk };
const RESUBMIT_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('debug-restart'), tooltip: BUTTONS.resubmitJob };
const REFRESH_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: BUTTONS.refresh };

interface Item extends vscode.QuickPickItem {
  model?: PickItem;
}

/**
 * LAVA: Find Job… — a picker of the jobs of every configured server, filled
 * in as each server answers. Picking a job follows it.
 */
export async function findJobCommand(deps: FollowContext): Promise<void> {
  let servers = getServers();
  if (!servers.length) {
    // None configured: ask for one (saved to the user's settings), as Follow Job does.
    const added = await pickServer(TITLE);
    if (!added) return;
    servers = getServers().length ? getServers() : [added];
  }
  const settings = getFollowSettings();
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = TITLE;
  pick.placeholder = PROMPTS.findJob;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.keepScrollPosition = true;
  let onlyMine = false;

  const finder = new JobFinder(
    servers,
    {
      fetch: deps.fetch,
      timeoutMs: settings.timeoutMs,
      resolveApi: (server, credentials, signal) => deps.apis.resolve(server, credentials, signal),
      credentials: (url) => deps.tokens.credentials(url),
    },
    () => render(true),
  );

  /** Rebuilds the items; `keepPlace` keeps the active item when a server answers (not when the user types). */
  const render = (keepPlace: boolean) => {
    const current = keepPlace ? pick.activeItems[0]?.model : undefined;
    const activeKey = current ? itemKey(current) : undefined;
    const items = buildPickItems({ servers: finder.servers, filter: pick.value, onlyMine, now: Date.now() }).map(toQuickPickItem);
    pick.busy = finder.busy;
    pick.buttons = [onlyMine ? MY_JOBS_BUTTON : ALL_JOBS_BUTTON, REFRESH_BUTTON];
    pick.items = items;
    const active = activeKey ? items.find((i) => i.model && itemKey(i.model) === activeKey) : undefined;
    if (active) pick.activeItems = [active];
  };

  // "5 min ago" moves on while the picker is open.
  const clock = setInterval(() => render(true), 30_000);
  const subscriptions: vscode.Disposable[] = [
    pick.onDidChangeValue(() => render(false)),
    pick.onDidTriggerButton((button) => {
      if (button === REFRESH_BUTTON) {
        finder.retry();
        return;
      }
      onlyMine = !onlyMine;
      if (onlyMine) finder.loadMine();
      render(false);
    }),
    pick.onDidTriggerItemButton(async (e) => {
      const model = e.item.model;
      if (!model || (model.kind !== 'job' && model.kind !== 'direct')) return;
      if (e.button === LOG_BUTTON) {
        pick.hide();
        const jobId = model.kind === 'job' ? model.job.id : model.jobId;
        await vscode.commands.executeCommand('lava.openJobLog', model.server.url, jobId);
      } else if (e.button === OPEN_BUTTON) {
        await vscode.env.openExternal(vscode.Uri.parse(model.url));
      } else if (e.button === COPY_BUTTON) {
        await vscode.env.clipboard.writeText(model.url);
        vscode.window.setStatusBarMessage(copiedText(plainLabel(model.url)), 3000);
      } else if (e.button === CANCEL_JOB_BUTTON || e.button === RESUBMIT_BUTTON) {
        pick.hide();
        const jobId = model.kind === 'job' ? model.job.id : model.jobId;
        await vscode.commands.executeCommand(
          e.button === CANCEL_JOB_BUTTON ? 'lava.cancelJob' : 'lava.resubmitJob',
          model.server.url,
          jobId,
        );
      }
    }),
    pick.onDidAccept(() => {
      const model = pick.selectedItems[0]?.model;
      if (!model) return;
      void accept(model);
    }),
    pick.onDidHide(() => {
      clearInterval(clock);
      finder.dispose();
      for (const s of subscriptions) s.dispose();
      pick.dispose();
    }),
  ];

  const accept = async (model: PickItem) => {
    switch (model.kind) {
      case 'job':
        pick.hide();
        await deps.follows.follow(model.server, model.job.id);
        return;
      case 'direct':
        pick.hide();
        await deps.follows.follow(model.server, model.jobId);
        return;
      case 'follow-by-id':
        pick.hide();
        await followById(deps, model.server);
        return;
      case 'error':
        if (model.errorKind === 'unauthorized') {
          pick.hide();
          await vscode.commands.executeCommand('lava.setToken', model.server.url);
        } else {
          finder.retry(model.server.url);
        }
        return;
      case 'info':
        pick.hide();
        await vscode.commands.executeCommand('lava.setToken', model.server.url);
        return;
      default:
        return;
    }
  };

  finder.start();
  render(false);
  pick.show();
}

/** "Follow job by id on <server>…": the id, asked for a server without a job list. */
async function followById(deps: FollowContext, server: ServerConfig): Promise<void> {
  const ref = await askJobRef(findJobOnServerTitle(server.name), jobIdOnServerPrompt(server.name, server.url));
  if (ref) await deps.follows.follow(server, ref.jobId);
}

/** The model's texts as they are: buildPickItems has escaped what came from a server (plainLabel). */
function toQuickPickItem(model: PickItem): Item {
  if (model.kind === 'separator') return { label: model.label, kind: vscode.QuickPickItemKind.Separator };
  return {
    label: model.label,
    description: model.description,
    detail: model.detail,
    // The model has filtered already: VS Code must not hide what it keeps (a pasted URL matches no label).
    alwaysShow: true,
    buttons:
      model.kind === 'job' || model.kind === 'direct'
        ? [LOG_BUTTON, OPEN_BUTTON, COPY_BUTTON, CANCEL_JOB_BUTTON, RESUBMIT_BUTTON]
        : undefined,
    model,
  };
}

/** Identifies an item across renders, to keep the user's place. */
function itemKey(model: PickItem): string {
  switch (model.kind) {
    case 'job':
      return `job ${model.server.url} ${model.job.id}`;
    case 'direct':
      return `direct ${model.server.url} ${model.jobId}`;
    case 'separator':
      return `separator ${model.label}`;
    default:
      return `${model.kind} ${model.server.url}`;
  }
}

import * as vscode from 'vscode';
import { ServerConfig } from '../../core/config/servers';
import { remembersChoice, resubmitNeedsConfirmation, submitStep } from '../../core/submit/consentPolicy';
import { plainLabel, plainNotification } from '../../core/untrusted/plainForSurface';
import {
  ADD_SERVER_ITEM,
  ADD_SERVER_ITEM_DETAIL,
  CURRENT_SERVER_NOTE,
  PICK_SERVER_PLACEHOLDER,
  pickServerTitle,
  RESUBMIT_BUTTON,
  RESUBMIT_DETAIL,
  resubmitQuestion,
  SUBMIT_BUTTON,
  submitQuestion,
  submitQuestionDetail,
} from '../../core/text/trustText';
import { documentName, LoopDeps, noServer } from './restActions';
import { getServers } from '../settings';
import { OTHER_SERVER } from '../documentServers';

/**
 * The server a Submit of `doc` goes to, once the user agreed (core/submit/submitConsent.ts): the
 * server chosen for the document (in Restricted Mode, confirmed again), else asked — which server
 * (a pick) or, with one server, "Submit … to <server>?" (modal) — and the answer remembered.
 * Undefined: nothing is to be sent.
 */
export async function serverToSubmit(
  deps: LoopDeps,
  doc: vscode.TextDocument,
  jobName: string | undefined,
  serverArg: unknown,
  addedOnce = false,
): Promise<ServerConfig | undefined> {
  const step = submitStep({
    trusted: vscode.workspace.isTrusted,
    servers: getServers(),
    chosen: deps.documents.chosen(doc.uri),
    requested: typeof serverArg === 'string' ? serverArg : undefined,
    chooseAgain: serverArg === OTHER_SERVER,
    origin: deps.documents.origin(doc.uri),
  });
  const fileName = documentName(doc);
  let server: ServerConfig | undefined;
  switch (step.kind) {
    case 'no-server':
      void noServer();
      return undefined;
    case 'send':
      return step.server;
    case 'confirm': {
      const answer = await vscode.window.showWarningMessage(
        plainNotification(submitQuestion(jobName, fileName, step.server.name)),
        { modal: true, detail: submitQuestionDetail(step.why) },
        SUBMIT_BUTTON,
      );
      server = answer === SUBMIT_BUTTON ? step.server : undefined;
      break;
    }
    case 'pick': {
      const items: { label: string; description: string; server?: ServerConfig }[] = step.servers.map((s) => ({
        label: plainLabel(s.name),
        description: plainLabel(s === step.current ? `${s.url} · ${CURRENT_SERVER_NOTE}` : s.url),
        server: s,
      }));
      // "Other server…" reaches a server not configured yet: added (LAVA: Add Server…), then the pick again.
      if (serverArg === OTHER_SERVER && !addedOnce) items.push({ label: ADD_SERVER_ITEM, description: ADD_SERVER_ITEM_DETAIL });
      const picked = await vscode.window.showQuickPick(items, {
        title: plainLabel(pickServerTitle(jobName, fileName)),
        placeHolder: PICK_SERVER_PLACEHOLDER,
        ignoreFocusOut: true,
      });
      if (picked && !picked.server) {
        const before = getServers().length;
        await vscode.commands.executeCommand('lava.addServer');
        return getServers().length > before ? serverToSubmit(deps, doc, jobName, OTHER_SERVER, true) : undefined;
      }
      server = picked?.server;
      break;
    }
  }
  if (server && remembersChoice(step)) deps.documents.remember(doc.uri, server.url);
  return server;
}

/** A Resubmit: in Restricted Mode, "Resubmit LAVA job <id> on <server>?" (modal) first. */
export async function mayResubmit(jobId: string, server: ServerConfig): Promise<boolean> {
  if (!resubmitNeedsConfirmation(vscode.workspace.isTrusted)) return true;
  const answer = await vscode.window.showWarningMessage(
    plainNotification(resubmitQuestion(jobId, server.name)),
    { modal: true, detail: RESUBMIT_DETAIL },
    RESUBMIT_BUTTON,
  );
  return answer === RESUBMIT_BUTTON;
}

// vscode/links — LAVA job URLs as links that follow the job: in the integrated terminal (lavacli
// prints them), in editors and the Output panel, and vscode://<publisher>.lava-follow/follow?url=…
// Registered at activation (src/extension.ts): cheap, without the main bundle; a click runs
// LAVA: Follow Job, which loads it.
import * as vscode from 'vscode';
import { findJobLinks, followLinkDecision, JobLink, MAX_LINK_SCAN_CHARS } from '../../core/config/jobLinks';
import { getServers } from '../settings';
import { LINKS } from '../../core/text/uiText';
import { plainLabel, plainNotification } from '../../core/untrusted/plainForSurface';

/** Where job URLs are links: files, untitled editors, the Output panel. */
export const JOB_LINK_DOCUMENTS: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'output' }];

interface JobTerminalLink extends vscode.TerminalLink {
  url: string;
}

function follow(url: string): Thenable<unknown> {
  return vscode.commands.executeCommand('lava.followJob', url);
}

function tooltip(link: JobLink): string {
  return plainLabel(LINKS.followTooltip(link.jobId, link.server.name));
}

/** Terminal lines: a job URL of a configured server is a link (one line, bounded). */
export const terminalJobLinks: vscode.TerminalLinkProvider<JobTerminalLink> = {
  provideTerminalLinks(context) {
    return findJobLinks(context.line, getServers()).map((link) => ({
      startIndex: link.start,
      length: link.end - link.start,
      tooltip: tooltip(link),
      url: link.url,
    }));
  },
  handleTerminalLink(link) {
    void follow(link.url);
  },
};

/** Documents: the job URLs of configured servers in the document's beginning (MAX_LINK_SCAN_CHARS). */
export const documentJobLinks: vscode.DocumentLinkProvider = {
  provideDocumentLinks(document) {
    const list = getServers();
    if (list.length === 0) return [];
    // Only the text looked at is read out of the document: a huge one is never made one string.
    const end = document.positionAt(MAX_LINK_SCAN_CHARS);
    const text = document.getText(new vscode.Range(new vscode.Position(0, 0), end));
    return findJobLinks(text, list, { maxChars: MAX_LINK_SCAN_CHARS }).map((link) => {
      const target = vscode.Uri.parse(`command:lava.followJob?${encodeURIComponent(JSON.stringify([link.url]))}`);
      const item = new vscode.DocumentLink(new vscode.Range(document.positionAt(link.start), document.positionAt(link.end)), target);
      item.tooltip = tooltip(link);
      return item;
    });
  },
};

/**
 * vscode://<publisher>.lava-follow/follow?url=<job URL>: a job of a configured server is followed;
 * another server's job only once the user agrees, and then without a token; anything else is refused.
 */
export const followLinkHandler: vscode.UriHandler = {
  async handleUri(uri) {
    const decision = followLinkDecision(uri.path, uri.query, getServers());
    if (decision.kind === 'follow') await follow(decision.url);
    else if (decision.kind === 'refuse') void vscode.window.showErrorMessage(plainNotification(LINKS.refused(decision.reason)));
    else {
      const answer = await vscode.window.showWarningMessage(
        plainNotification(LINKS.askUnknownServer(decision.jobId, decision.serverUrl)),
        { modal: true, detail: LINKS.askUnknownServerDetail },
        LINKS.followWithoutToken,
      );
      if (answer === LINKS.followWithoutToken) await follow(decision.url);
    }
  },
};

/** Registers the three; disposed with the extension. */
export function registerJobLinks(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.window.registerTerminalLinkProvider(terminalJobLinks),
    vscode.languages.registerDocumentLinkProvider(JOB_LINK_DOCUMENTS, documentJobLinks),
    vscode.window.registerUriHandler(followLinkHandler),
  );
}

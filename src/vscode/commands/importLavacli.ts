import * as os from 'node:os';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { lavacliConfigPath, parseLavacliConfig } from '../../core/config/lavacliConfig';
import { addServers, getServers } from '../settings';
import { TokenStore } from '../tokenStore';
import { LAVACLI } from '../../core/text/uiText';

/**
 * LAVA: Import Servers from lavacli — adds each lavacli identity's server (by its
 * base URL) to the user's `lava.servers`, and its token to SecretStorage only.
 */
export async function importLavacliCommand(tokens: TokenStore): Promise<void> {
  const file = lavacliConfigPath(process.env, os.homedir());
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    void vscode.window.showErrorMessage(LAVACLI.noConfiguration(file));
    return;
  }
  let parsed;
  try {
    parsed = parseLavacliConfig(text);
  } catch (err) {
    void vscode.window.showErrorMessage(LAVACLI.unreadable(file, (err as Error).message));
    return;
  }
  const known = new Set(getServers().map((s) => s.url));
  const added = parsed.identities.filter((id) => !known.has(id.url) && Boolean(known.add(id.url)));
  await addServers(added.map((id) => ({ name: id.identity, url: id.url, username: id.username })));
  let withToken = 0;
  for (const id of parsed.identities) {
    if (!id.token) continue;
    await tokens.set(id.url, id.token);
    withToken++;
  }
  void vscode.window.showInformationMessage(LAVACLI.imported(parsed.identities.length, added.length, withToken, parsed.skipped));
}

import * as vscode from 'vscode';
import { Follows } from './follows';

/** The context key that says a job is followed: LAVA: Stop Following… is in the Command Palette only then. */
export const FOLLOWING_CONTEXT = 'lava.following';

/** Keeps FOLLOWING_CONTEXT true while the follows list a job (set once per change of its value). */
export function trackFollowingContext(follows: Follows): vscode.Disposable {
  let told: boolean | undefined;
  const update = () => {
    const following = follows.size > 0;
    if (following === told) return;
    told = following;
    void vscode.commands.executeCommand('setContext', FOLLOWING_CONTEXT, following);
  };
  update();
  return follows.onDidChange(update);
}

import * as vscode from 'vscode';
import { JobRef, parseJobRef } from '../../core/config/jobRef';
import { PROMPTS } from '../../core/text/uiText';

/** An input box for a job id or a pasted job URL; invalid input is told inside the box. */
export async function askJobRef(title: string, prompt: string): Promise<JobRef | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt,
    placeHolder: PROMPTS.jobIdPlaceholder,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const result = parseJobRef(value);
      return result.ok ? undefined : result.message;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseJobRef(text);
  return parsed.ok ? parsed.ref : undefined;
}

import type * as vscode from 'vscode';
import type { activateMain } from './main';
import { contributedCommands, startLazily } from './vscode/lazyStart';
import { createLavaTreeViews } from './vscode/lavaView/lazyViews';
import { registerJobLinks } from './vscode/links/jobLinkProviders';

/** The main bundle (dist/main.js beside dist/extension.js, see scripts/bundle.mjs; ./main when compiled for tests). */
declare const MAIN_BUNDLE: string | undefined;

/** Activation: command stand-ins only; the extension itself is loaded when first needed (vscode/lazyStart.ts). */
export function activate(context: vscode.ExtensionContext): void {
  // The LAVA view's trees exist from the start (cheap); the first look at one loads the extension.
  let startNow = () => {};
  const views = createLavaTreeViews(() => startNow());
  context.subscriptions.push(views);
  // Job URLs as links, and vscode://…/follow: from the start (a click runs Follow Job, which loads the rest).
  context.subscriptions.push(registerJobLinks());
  startNow = startLazily(context, contributedCommands(context), () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = require(typeof MAIN_BUNDLE === 'string' ? MAIN_BUNDLE : './main') as { activateMain: typeof activateMain };
    main.activateMain(context, views);
  });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

import * as vscode from 'vscode';

export const JOBS_VIEW = 'lava.jobs';
export const DEVICES_VIEW = 'lava.devices';

/**
 * A tree provider that stands in until the extension is loaded (vscode/lazyStart.ts): the first
 * time VS Code asks for the tree, it loads the extension, which attaches the real provider.
 */
export class LazyTreeProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private real: vscode.TreeDataProvider<T> | undefined;
  private readonly changes = new vscode.EventEmitter<T | undefined | void>();
  readonly onDidChangeTreeData = this.changes.event;
  private relay: vscode.Disposable | undefined;

  constructor(private readonly start: () => void) {}

  attach(real: vscode.TreeDataProvider<T>): void {
    this.relay?.dispose();
    this.real = real;
    this.relay = real.onDidChangeTreeData?.((e) => this.changes.fire(e as T | undefined));
    this.changes.fire();
  }

  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    if (!this.real) throw new Error('LAVA view: no provider yet');
    return this.real.getTreeItem(element);
  }

  getChildren(element?: T): vscode.ProviderResult<T[]> {
    if (!this.real) this.start();
    return this.real ? this.real.getChildren(element) : [];
  }

  dispose(): void {
    this.relay?.dispose();
    this.changes.dispose();
  }
}

/** The LAVA container's two views, created at activation (cheap) so the extension loads only when one is shown. */
export interface LavaTreeViews extends vscode.Disposable {
  jobs: { view: vscode.TreeView<unknown>; provider: LazyTreeProvider<unknown> };
  devices: { view: vscode.TreeView<unknown>; provider: LazyTreeProvider<unknown> };
}

export function createLavaTreeViews(start: () => void): LavaTreeViews {
  const make = (id: string) => {
    const provider = new LazyTreeProvider<unknown>(start);
    const view = vscode.window.createTreeView<unknown>(id, { treeDataProvider: provider, showCollapseAll: true });
    return { view, provider };
  };
  const jobs = make(JOBS_VIEW);
  const devices = make(DEVICES_VIEW);
  return {
    jobs,
    devices,
    dispose: () => {
      for (const v of [jobs, devices]) {
        v.view.dispose();
        v.provider.dispose();
      }
    },
  };
}

// A plain Output channel for tests that need vscode's types only (not the fake API): it keeps its text.
import type * as vscode from 'vscode';

export class FakeChannel implements vscode.OutputChannel {
  readonly name = 'LAVA job';
  text = '';
  append(value: string): void {
    this.text += value;
  }
  appendLine(value: string): void {
    this.text += value + '\n';
  }
  replace(value: string): void {
    this.text = value;
  }
  clear(): void {
    this.text = '';
  }
  show(): void {}
  hide(): void {}
  dispose(): void {}
}

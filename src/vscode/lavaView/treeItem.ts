import * as vscode from 'vscode';
import { Presentation } from '../../core/lavaView/presentation';

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

/** A node's presentation (server text already plain) as a tree item: the tooltip is a plain string, never Markdown. */
export function toTreeItem(p: Presentation, command?: vscode.Command): vscode.TreeItem {
  const item = new vscode.TreeItem(p.label, COLLAPSIBLE[p.collapsible]);
  item.id = p.id;
  item.description = p.description;
  item.tooltip = p.tooltip;
  item.contextValue = p.contextValue;
  if (p.icon) item.iconPath = new vscode.ThemeIcon(p.icon, p.color ? new vscode.ThemeColor(p.color) : undefined);
  if (command) item.command = command;
  return item;
}

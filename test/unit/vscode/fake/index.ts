// What a test of the VS Code layer imports first: the fake `vscode` installed, then its handle.
import './register';
export * from './vscode';

import * as vscode from 'vscode';
import { ReadDefinition, readForCompletion } from '../../core/jobSchema/completion';
import { looksLikeJobText } from '../../core/submit/definitionText';

/** The documents kept (the few being edited). */
const MAX_DOCUMENTS = 8;

/**
 * Each job definition read once per version (the line tree and its data), for completion, hover,
 * the Outline and folding; undefined for a YAML document that is not a job definition.
 */
export class DefinitionReads {
  private readonly cache = new Map<string, { version: number; read: ReadDefinition | undefined }>();
  /** How many times a text was read (tests count them). */
  reads = 0;

  read(document: vscode.TextDocument): ReadDefinition | undefined {
    const key = document.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === document.version) return hit.read;
    const text = document.getText();
    this.reads++;
    const read = looksLikeJobText(text) ? readForCompletion(text) : undefined;
    this.cache.delete(key);
    this.cache.set(key, { version: document.version, read });
    while (this.cache.size > MAX_DOCUMENTS) this.cache.delete(this.cache.keys().next().value as string);
    return read;
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }
}

import * as vscode from 'vscode';

/**
 * A progress notification with a Cancel button: cancelling aborts `task`'s requests through the
 * AbortSignal it is given (each request also ends by its own deadline: core/net/http.ts).
 */
export function withCancellableProgress<T>(
  title: string,
  task: (signal: AbortSignal, progress: vscode.Progress<{ message?: string }>) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const listener = token.onCancellationRequested(() => controller.abort());
      try {
        return await task(controller.signal, progress);
      } finally {
        listener.dispose();
      }
    },
  );
}

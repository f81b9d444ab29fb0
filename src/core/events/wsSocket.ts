// The real event socket, over the `ws` package (8.x): the extension host's Node has no WebSocket
// client we can give an `Authorization` header to, and `ws` bounds a frame (`maxPayload`) before it
// buffers it. No compression (a small frame cannot inflate into a big one), no redirects (the
// credentials go to the URL asked for only), a ping every KEEPALIVE_MS so that a connection a NAT or
// a sleeping laptop cut is noticed (lava-publisher's aiohttp answers pings by itself).
import WebSocket from 'ws';
import { LavaError, LavaErrorKind } from '../net/errors';
import type { EventSocket, EventSocketFactory } from './eventStream';

export const KEEPALIVE_MS = 30_000;

export const wsSocketFactory: EventSocketFactory = (url, options, handlers) => {
  let closed = false;
  let alive = true;
  let timer: NodeJS.Timeout | undefined;
  const end = (kind: 'closed' | 'refused', error: LavaError | string) => {
    if (closed) return;
    closed = true;
    if (timer) clearInterval(timer);
    handlers.close(kind === 'refused' ? { kind, message: String(error) } : { kind, error: error as LavaError });
  };
  let ws: WebSocket;
  try {
    ws = new WebSocket(url, {
      headers: options.authorization ? { Authorization: options.authorization } : {},
      maxPayload: options.maxPayload,
      handshakeTimeout: options.timeoutMs,
      perMessageDeflate: false,
      followRedirects: false,
    });
  } catch (err) {
    // A URL ws does not take: nothing opened.
    queueMicrotask(() => end('closed', new LavaError('bad-response', err instanceof Error ? err.message : String(err))));
    return { close: () => undefined };
  }
  ws.on('open', () => {
    timer = setInterval(() => {
      if (!alive) {
        ws.terminate();
        end('closed', new LavaError('timeout', 'The event stream stopped answering.'));
        return;
      }
      alive = false;
      ws.ping();
    }, KEEPALIVE_MS);
    timer.unref?.();
    handlers.open();
  });
  ws.on('pong', () => (alive = true));
  ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    alive = true;
    if (closed) return;
    handlers.message(isBinary ? undefined : rawText(data));
  });
  ws.on('unexpected-response', (_req, res) => {
    const status = res.statusCode ?? 0;
    res.resume();
    ws.terminate();
    if (status === 401 || status === 403) end('refused', `HTTP ${status}`);
    else end('closed', new LavaError(statusKind(status), `The events URL answered HTTP ${status}, not a WebSocket.`, status));
  });
  ws.on('error', (err: Error & { code?: string }) => {
    const tooLarge = err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
    end('closed', new LavaError(tooLarge ? 'too-large' : 'network', tooLarge ? 'An event frame was too large.' : err.message));
  });
  ws.on('close', (code: number) => end('closed', new LavaError('network', `The event stream closed (${code}).`)));
  const socket: EventSocket = {
    close: () => {
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close();
      end('closed', new LavaError('aborted', 'closed'));
    },
  };
  return socket;
};

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function statusKind(status: number): LavaErrorKind {
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'http';
}

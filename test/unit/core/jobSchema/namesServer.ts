// A loopback LAVA for the server's names: `/api/v0.2/devicetypes/` (two pages), `/tags/` (a token
// only, as LAVA's DjangoModelPermissions), `/devices/`; answers shaped as LAVA 2023.01's
// (test/simulator/data/inventory.json; lava_rest_app/v02/serializers.py TagSerializer: id, name, description).
import * as http from 'node:http';
import { AddressInfo } from 'node:net';

export const TOKEN = 'names-token-0123456789';

export class NamesServer {
  readonly requests: string[] = [];
  private server = http.createServer((req, res) => this.answer(req, res));
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  count(path: string): number {
    return this.requests.filter((r) => r.startsWith(path)).length;
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(url.pathname + url.search);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const list = (results: unknown[], next: string | null) => send(200, { count: results.length, next, previous: null, results });
    if (url.pathname === '/api/v0.2/devicetypes/') {
      if (url.searchParams.get('offset') === '2') return list([{ name: 'x86', display: true }], null);
      const next = `${this.url}/api/v0.2/devicetypes/?limit=2&offset=2`;
      return list([{ name: 'qemu', architecture: null, display: true }, { name: '[evil](command:x)' }], next);
    }
    if (url.pathname === '/api/v0.2/tags/') {
      if (req.headers.authorization !== `Token ${TOKEN}`) return send(401, { detail: 'Authentication credentials were not provided.' });
      return list(
        [
          { id: 1, name: 'usb', description: null },
          { id: 2, name: 'hdmi', description: 'x' },
        ],
        null,
      );
    }
    if (url.pathname === '/api/v0.2/devices/') {
      return list(
        [
          { hostname: 'qemu01', device_type: 'qemu', health: 'Good', state: 'Idle', tags: [] },
          { hostname: 'old01', device_type: 'qemu', health: 'Retired', state: 'Idle', tags: [] },
        ],
        null,
      );
    }
    send(404, { detail: 'Not found.' });
  }
}

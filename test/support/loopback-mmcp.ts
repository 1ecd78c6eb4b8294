/**
 * A minimal real MMCP HTTP server on 127.0.0.1 around a LocalRuntime (onnxruntime-node): the
 * facade tests talk to it through RemoteBackend, so "remote" runs the same model over real HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalRuntime } from '../../src/local/runtime.js';
import { isMmcpError, type MmcpError } from '../../src/protocol/errors.js';
import { STATUS_FOR_CODE, type GenerateRequest, type MmcpServerCode } from '../../src/protocol/types.js';

/** A running loopback server. */
export interface LoopbackServer {
  url: string;
  /** Requests received on POST /generate (bodies as parsed JSON). */
  requests: GenerateRequest[];
  close(): Promise<void>;
}

/** Starts the server; `token`, when given, is required as a bearer token. */
export async function startLoopbackMmcp(runtime: LocalRuntime, token?: string): Promise<LoopbackServer> {
  const requests: GenerateRequest[] = [];
  // CORS (+ CORP) so cross-origin-isolated pages on another port can call it.
  const cors = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Headers': '*, Authorization',
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Expose-Headers': 'X-Request-ID, Retry-After, Location',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown, type = 'application/json') => {
      const data = body instanceof Uint8Array ? body : Buffer.from(JSON.stringify(body));
      res.writeHead(status, { ...cors, 'Content-Type': type, 'Content-Length': String(data.byteLength), 'X-Request-ID': `loop-${requests.length}` });
      res.end(data);
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    if (token && req.headers.authorization !== `Bearer ${token}`) return send(401, { error: { code: 'unauthorized', message: 'Bearer token required.' } });
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/capabilities') return send(200, runtime.capabilities());
    if (req.method === 'GET' && path === '/health') return send(200, { status: 'ok' });
    if (req.method === 'POST' && path === '/generate') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let request: GenerateRequest;
        try {
          request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GenerateRequest;
        } catch {
          return send(422, { error: { code: 'schema_validation', message: 'Body is not JSON.' } });
        }
        requests.push(request);
        runtime.generate(request).then(
          (r) => send(200, r.bytes, 'model/gltf-binary'),
          (err: unknown) => {
            const e = (isMmcpError(err) ? err : { code: 'internal_error', message: String(err), details: {} }) as MmcpError;
            const status = e.status ?? STATUS_FOR_CODE[e.code as MmcpServerCode] ?? 500;
            send(status, { error: { code: e.code, message: e.message, details: e.details ?? null } });
          },
        );
      });
      return;
    }
    send(404, { error: { code: 'invalid_request', message: `No route ${req.method} ${path}` } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * A real HTTP server on 127.0.0.1 (random port) that replays scripted answers and records what it
 * received — the pattern of the MMCP SDK's `tests/fake_server.py`. One queued answer per request;
 * an empty queue answers `500` plain text.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer. */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array | object;
  /** Destroy the socket instead of answering (a transport reset). */
  reset?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** One request the server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Header value (case-insensitive), `undefined` when absent. */
  header(name: string): string | undefined;
  /** The body parsed as JSON. */
  json(): unknown;
}

/** A running scripted server. */
export interface ScriptedServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Queue answers (served in order). */
  enqueue(...answers: ScriptedAnswer[]): void;
  /** Forget queued answers and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

/** Options of {@link startScriptedServer}. */
export interface ScriptedServerOptions {
  /**
   * Answer CORS preflights (`OPTIONS`, not queued, not recorded) and add the CORS headers a
   * browser client needs to every answer (allow any origin, expose the MMCP response headers).
   */
  cors?: boolean;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Location, Retry-After, X-Request-ID, X-Job-Id, Idempotency-Status, Content-Length',
};

/** Starts a scripted server on 127.0.0.1 with a random port. */
export async function startScriptedServer(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const queue: ScriptedAnswer[] = [];
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    if (options.cors && req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS_HEADERS,
        'Access-Control-Allow-Methods': 'GET, POST, DELETE',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    const cors = options.cors ? CORS_HEADERS : {};
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = req.headers;
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers,
        body,
        header: (name) => {
          const v = headers[name.toLowerCase()];
          return Array.isArray(v) ? v.join(', ') : v;
        },
        json: () => JSON.parse(body.toString('utf8')) as unknown,
      });
      const answer = queue.shift();
      const send = (): void => {
        if (!answer) {
          res.writeHead(500, { ...cors, 'Content-Type': 'text/plain' });
          res.end('scripted server: no answer queued');
          return;
        }
        if (answer.reset) {
          req.socket.destroy();
          return;
        }
        let payload: Buffer | undefined;
        if (answer.body instanceof Uint8Array) payload = Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength);
        else if (typeof answer.body === 'string') payload = Buffer.from(answer.body, 'utf8');
        else if (answer.body !== undefined) payload = Buffer.from(JSON.stringify(answer.body), 'utf8');
        res.writeHead(answer.status, { ...cors, ...(answer.headers ?? {}), ...(payload ? { 'Content-Length': String(payload.length) } : { 'Content-Length': '0' }) });
        res.end(payload);
      };
      if (answer?.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    enqueue: (...answers) => queue.push(...answers),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

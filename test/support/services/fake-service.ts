import type { ServerResponse } from 'node:http';
import { Receiver, type ReceivedRequest } from '../receiver';

/** What a fake answers to one request. A body that is not a string is sent as JSON. */
export interface FakeAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One request as the fake received it, with the answer it gave. */
export interface Exchange {
  readonly request: ReceivedRequest;
  readonly answer: FakeAnswer;
}

/**
 * A fake of a real service on 127.0.0.1: a recording HTTP server whose answers come from the
 * service's own rules (`answer`), so a flow is checked against what the real service accepts.
 */
export abstract class FakeService {
  readonly exchanges: Exchange[] = [];
  private readonly receiver = new Receiver();

  /** The service's rules: decides the answer to one request. */
  protected abstract answer(request: ReceivedRequest): FakeAnswer;

  get url(): string {
    return this.receiver.url;
  }

  async start(): Promise<this> {
    this.receiver.defaultResponder = (request, res) => {
      const answer = this.answer(request);
      this.exchanges.push({ request, answer });
      send(res, answer);
    };
    await this.receiver.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.receiver.stop();
  }
}

/** The fakes a test started, stopped together when it ends. */
export class Fakes {
  private readonly running: FakeService[] = [];

  /** Waits for a fake to start and keeps it to stop later. */
  async started<T extends FakeService>(fake: Promise<T>): Promise<T> {
    const ready = await fake;
    this.running.push(ready);
    return ready;
  }

  async stopAll(): Promise<void> {
    for (const fake of this.running.splice(0)) await fake.stop();
  }
}

function send(res: ServerResponse, answer: FakeAnswer): void {
  const json = answer.body !== undefined && typeof answer.body !== 'string';
  const body = answer.body === undefined ? '' : json ? JSON.stringify(answer.body) : String(answer.body);
  const headers: Record<string, string> = json ? { 'content-type': 'application/json; charset=utf-8' } : {};
  res.writeHead(answer.status, { ...headers, ...answer.headers });
  res.end(body);
}

/** A request header (names are case-insensitive); undefined when absent. */
export function header(request: ReceivedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The path without the query, and the query parameters. */
export function target(request: ReceivedRequest): { readonly path: string; readonly query: URLSearchParams } {
  const url = new URL(request.url, 'http://fake.invalid');
  return { path: url.pathname, query: url.searchParams };
}

export function isJsonContent(request: ReceivedRequest): boolean {
  return /^application\/json\b/i.test(header(request, 'content-type') ?? '');
}

export type JsonBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export function parseJson(text: string): JsonBody {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { Dispatcher } from 'undici';

/** What an endpoint answered: the status and headers, and as much of the body as the limit allows. */
export interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly text: string;
  /** The body went past the limit: `text` holds its first bytes and the connection was dropped. */
  readonly truncated: boolean;
  /** The status arrived but the body broke off (reset, timeout, abort): why. `text` is then empty. */
  readonly broken?: unknown;
}

/** One request on its way: its answer, and a way to end it early (timeout, node closing). */
export interface Exchange {
  readonly answer: Promise<Answer>;
  abort(reason: Error): void;
}

/**
 * Collects an answer straight from undici's dispatch hooks: no stream, no promise per chunk, one string
 * made at the end. undici's `request()` builds a Readable body and an async resource per request, which
 * the throughput profile showed (bench/README.md). The answer promise rejects only when no status
 * arrived; once it has, the status stands and a broken body is reported beside it.
 */
export class AnswerCollector implements Dispatcher.DispatchHandler, Exchange {
  readonly answer: Promise<Answer>;
  private resolve!: (answer: Answer) => void;
  private reject!: (err: unknown) => void;
  private controller: Dispatcher.DispatchController | undefined;
  private abortReason: Error | undefined;
  private settled = false;
  private statusCode = 0;
  private headers: Record<string, string | string[]> = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit: number) {
    this.answer = new Promise<Answer>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  abort(reason: Error): void {
    if (this.settled) return;
    this.abortReason ??= reason;
    // Still queued for a connection: undici calls onRequestStart when it gets one, which aborts it there.
    if (this.controller) this.controller.abort(reason);
    else this.fail(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortReason) controller.abort(this.abortReason);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    // 1xx answers are interim: the final status follows.
    if (statusCode < 200 || this.settled) return;
    this.statusCode = statusCode;
    const kept: Record<string, string | string[]> = {};
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined) kept[name] = value;
    }
    this.headers = kept;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    if (this.size + chunk.length > this.limit) {
      this.chunks.push(chunk.subarray(0, this.limit - this.size));
      this.size = this.limit;
      this.succeed(true);
      // The rest is not wanted: dropping the connection is cheaper than reading it to the end.
      controller.abort(new Error('answer larger than the limit'));
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  onResponseEnd(): void {
    this.succeed(false);
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.fail(this.abortReason ?? error);
  }

  private succeed(truncated: boolean): void {
    if (this.settled) return;
    this.settled = true;
    const text = this.chunks.length === 1 ? this.chunks[0]!.toString('utf8') : Buffer.concat(this.chunks, this.size).toString('utf8');
    this.resolve({ statusCode: this.statusCode, headers: this.headers, text, truncated });
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    if (this.statusCode === 0) this.reject(error);
    else this.resolve({ statusCode: this.statusCode, headers: this.headers, text: '', truncated: false, broken: error });
  }
}

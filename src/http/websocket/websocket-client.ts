import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import type { TlsConnectOptions } from '../tls';
import { CLOSE_CODE, FrameReader, isValidCloseCode, OPCODE, WebSocketProtocolError, type ReceivedFrame } from './frame-reader';
import { closeFrame, encodeFrame, textFrame } from './frame-writer';
import { handshakeKey, refusedUpgrade, statusText, upgradeHeaders, WebSocketHandshakeError } from './handshake';

export type WebSocketReadyState = 'connecting' | 'open' | 'closing' | 'closed';

export interface WebSocketCloseEvent {
  /** The server's close code; 1005 when its close frame had none; 1006 when no close frame came; this side's code when it failed the connection. */
  readonly code: number;
  readonly reason: string;
  /** Both close frames were exchanged. */
  readonly wasClean: boolean;
}

export interface WebSocketClientOptions {
  /** Sent with the upgrade request (e.g. Authorization); the handshake's own headers cannot be replaced. */
  readonly headers?: Readonly<Record<string, string>>;
  /** For `wss:` only. */
  readonly tls?: TlsConnectOptions;
  /** Default 32 MB: a larger message closes the connection with 1009. */
  readonly maxMessageBytes?: number;
  /** How long a close waits for the server's close before cutting the connection (default 1 s). */
  readonly closeTimeoutMs?: number;
  readonly onOpen?: () => void;
  readonly onMessage?: (text: string) => void;
  readonly onBinary?: (data: Buffer) => void;
  /**
   * The upgrade failed (a network error with its `code`, a WebSocketHandshakeError with the HTTP status),
   * the server broke the protocol (WebSocketProtocolError) or the socket failed. Always followed by onClose.
   */
  readonly onError?: (error: Error) => void;
  /** Exactly once, when the connection is gone: every socket and timer is released by then. */
  readonly onClose?: (event: WebSocketCloseEvent) => void;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
const DEFAULT_CLOSE_TIMEOUT_MS = 1_000;

/**
 * A WebSocket client (RFC 6455) for text messages on node:http/https, which Node-RED has loaded anyway:
 * no extensions, no subprotocols. Callbacks instead of events, so an error never goes unheard.
 */
export class WebSocketClient {
  private state: WebSocketReadyState = 'connecting';
  private request: ClientRequest | undefined;
  private socket: Duplex | undefined;
  private readonly reader: FrameReader;
  private closeTimer: NodeJS.Timeout | undefined;
  private sentClose = false;
  /** The server's close frame, once it came. */
  private serverClose: { readonly code: number; readonly reason: string } | undefined;
  /** The code this side closed with when the server broke the protocol. */
  private failedWith: number | undefined;
  private errored = false;

  constructor(
    url: string,
    private readonly options: WebSocketClientOptions = {},
  ) {
    const target = new URL(url);
    if (target.protocol !== 'ws:' && target.protocol !== 'wss:') {
      throw new TypeError(`a WebSocket URL starts with ws:// or wss://, not ${target.protocol}//`);
    }
    this.reader = new FrameReader(options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
    const secure = target.protocol === 'wss:';
    const key = handshakeKey();
    const requestOptions: RequestOptions = {
      ...(secure ? options.tls : {}),
      // URL keeps an IPv6 host in brackets; the connection wants the bare address.
      hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: target.port || (secure ? 443 : 80),
      path: `${target.pathname}${target.search}`,
      method: 'GET',
      headers: upgradeHeaders(key, options.headers ?? {}),
      // A socket of its own, never a pooled one: it leaves HTTP for good.
      agent: false,
    };
    const request = (secure ? httpsRequest : httpRequest)(requestOptions);
    this.request = request;
    request.on('upgrade', (response: IncomingMessage, socket: Duplex, head: Buffer) => this.upgraded(response, socket, head, key));
    request.on('response', (response: IncomingMessage) => {
      response.resume();
      request.destroy();
      const status = response.statusCode ?? 0;
      const answer =
        status === 101
          ? 'the server switched protocols without "Connection: Upgrade"'
          : `the server answered the WebSocket upgrade with ${statusText(status, response.statusMessage)} instead of 101 Switching Protocols`;
      this.report(new WebSocketHandshakeError(answer, status));
    });
    request.on('error', (err) => this.report(err));
    // Without an upgrade the request's end is the connection's.
    request.on('close', () => {
      if (!this.socket) this.finish();
    });
    request.end();
  }

  get readyState(): WebSocketReadyState {
    return this.state;
  }

  /** Sends one text message; false (nothing sent) unless the connection is open. */
  send(text: string): boolean {
    if (this.state !== 'open' || !this.socket) return false;
    this.socket.write(textFrame(text));
    return true;
  }

  /**
   * Starts the close handshake: waits for the server's close frame (at most `closeTimeoutMs`), then
   * cuts the connection. While connecting, gives the upgrade up at once. onClose follows either way.
   */
  close(code: number = CLOSE_CODE.normal, reason = ''): void {
    if (!isValidCloseCode(code)) throw new RangeError(`${code} is not a close code an endpoint may send`);
    if (this.state === 'connecting') {
      this.state = 'closing';
      this.request?.destroy();
      return;
    }
    if (this.state !== 'open') return;
    this.sendClose(code, reason);
  }

  private upgraded(response: IncomingMessage, socket: Duplex, head: Buffer, key: string): void {
    this.request = undefined;
    if (this.state !== 'connecting') {
      socket.destroy();
      return;
    }
    const refused = refusedUpgrade(response.headers, key);
    if (refused) {
      socket.destroy();
      this.report(new WebSocketHandshakeError(refused, response.statusCode));
      return;
    }
    this.socket = socket;
    (socket as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    // The server is done sending: nothing more can arrive, so nothing is waited for.
    socket.on('end', () => socket.destroy());
    socket.on('error', (err) => this.report(err));
    socket.on('close', () => this.finish());
    this.state = 'open';
    this.options.onOpen?.();
    if (head.length > 0 && this.state === 'open') this.received(head);
  }

  private received(chunk: Buffer): void {
    if (this.serverClose || this.failedWith !== undefined || this.state === 'closed') return;
    try {
      this.reader.push(chunk, (frame) => {
        // Nothing after the server's close frame counts, nor anything once the connection is gone.
        if (!this.serverClose && this.readyState !== 'closed') this.handle(frame);
      });
    } catch (err) {
      // An exception of a callback is the caller's, not a protocol error.
      if (!(err instanceof WebSocketProtocolError)) throw err;
      this.fail(err);
    }
  }

  private handle(frame: ReceivedFrame): void {
    switch (frame.kind) {
      case 'text':
        if (this.state === 'open') this.options.onMessage?.(frame.text);
        return;
      case 'binary':
        if (this.state === 'open') this.options.onBinary?.(frame.data);
        return;
      case 'ping':
        if (this.state === 'open') this.socket?.write(encodeFrame(OPCODE.pong, frame.payload));
        return;
      case 'pong':
        return;
      case 'close':
        this.serverClose = { code: frame.code, reason: frame.reason };
        // Echo the server's code (§5.5.1); a close without one is answered without one.
        if (!this.sentClose) this.sendClose(frame.code === CLOSE_CODE.noStatus ? undefined : frame.code, '');
        // Both close frames are out: the server closes the TCP connection first (§7.1.1); the timer covers one that does not.
        this.socket?.end();
        return;
    }
  }

  /** The server broke the protocol: close with the matching code and tell why. */
  private fail(err: WebSocketProtocolError): void {
    this.failedWith = err.closeCode;
    this.report(err);
    if (this.state === 'open') this.sendClose(err.closeCode, '');
  }

  private sendClose(code: number | undefined, reason: string): void {
    this.sentClose = true;
    this.state = 'closing';
    const socket = this.socket;
    if (!socket) return;
    socket.write(code === undefined ? encodeFrame(OPCODE.close, Buffer.alloc(0)) : closeFrame(code, reason));
    this.closeTimer = setTimeout(() => socket.destroy(), this.options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
    // A server that never answers must not keep the process alive; finish() clears it in any case.
    this.closeTimer.unref();
  }

  /** Errors of a connection being closed on purpose are noise; the first of one in use is reported, once. */
  private report(err: Error): void {
    if (this.errored || this.state === 'closed' || (this.state === 'closing' && !(err instanceof WebSocketProtocolError))) return;
    this.errored = true;
    this.options.onError?.(err);
  }

  private finish(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
    this.socket?.destroy();
    this.request?.destroy();
    this.request = undefined;
    const event: WebSocketCloseEvent =
      this.failedWith !== undefined
        ? { code: this.failedWith, reason: '', wasClean: false }
        : this.serverClose
          ? { ...this.serverClose, wasClean: this.sentClose }
          : { code: CLOSE_CODE.abnormal, reason: '', wasClean: false };
    this.options.onClose?.(event);
  }
}

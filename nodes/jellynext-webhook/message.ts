// The messages the webhook node takes and sends, and how it names their media in status and log lines.
import type { NodeMessageInFlow } from 'node-red';
import type { SendResult } from '../../src/webhook';
import { isObject } from '../../src/util/guards';
import { printable } from '../../src/util/printable';

/** Outcome fields added to every message the node sends: the sender's result without headers and body, plus where it went. */
export type WebhookReport = Omit<SendResult, 'headers' | 'body'> & {
  readonly method: string;
  readonly url: string;
  readonly mediaType: string;
};

export type OutMessage = NodeMessageInFlow & {
  statusCode?: number | null;
  headers?: Record<string, string | string[]>;
  media?: unknown;
  webhook?: WebhookReport;
};

export type Send = (msg: Array<OutMessage | null>) => void;

/** A message between input and done(): waiting in the queue or being sent. */
export interface Job {
  readonly msg: OutMessage;
  readonly send: Send;
  readonly done: (err?: Error) => void;
}

/** The media fields of a message: `msg.media` when a node kept them there, else `msg.payload`. */
export function mediaOf(msg: OutMessage): Record<string, unknown> | undefined {
  return isObject(msg.media) ? msg.media : isObject(msg.payload) ? msg.payload : undefined;
}

/** "Fight Club" or "Breaking Bad S2", for status texts and log lines: a title cannot start a line of its own. */
export function mediaLabel(media: unknown): string {
  if (!isObject(media)) return '';
  const title = typeof media.title === 'string' ? media.title : '';
  const season = media.seasonNumber;
  return printable(typeof season === 'number' || (typeof season === 'string' && season !== '') ? `${title} S${season}` : title, 32);
}

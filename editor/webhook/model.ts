import type { MediaType } from '../../src/media';
import type { CustomFields } from '../../src/template/custom-fields';
import type { HeaderEntry, WebhookSecrets } from '../../src/webhook/config';
import { catalog } from '../shared';

/** What the parts of the webhook dialog share: its catalog and the shapes of what they read from the form. */

export const t = catalog('jellynext-webhook');

export const MEDIA_TYPES: readonly MediaType[] = ['movie', 'show'];

/**
 * A header row as it is in the dialog right now. A secret row's `value` is what its input holds (typed
 * text, the marker of a saved value, or empty); `state` says which.
 */
export interface HeaderRow {
  readonly media: MediaType;
  readonly name: string;
  readonly value: string;
  readonly type: 'str' | 'cred';
  /** The row's element in the editable list. */
  readonly item: JQueryLike;
  /** The credential slot that holds a secret row's value. */
  slot?: number;
  state?: 'typed' | 'stored' | 'missing';
  /** A saved value of an earlier version, kept by header name rather than by slot. */
  legacy?: boolean;
}

/** The URL field of a media type: its text, whether it is secret, and whether a saved secret URL stands behind the marker. */
export interface UrlState {
  readonly secret: boolean;
  readonly stored: boolean;
  /** Undefined when the field holds the marker of a saved secret URL. */
  readonly text: string | undefined;
}

/** Flow properties as they would be saved: secret values replaced by the marker, secret URLs empty. */
export interface EndpointProperties {
  readonly url: string;
  readonly urlSecret: boolean;
  readonly headers: HeaderEntry[];
  readonly payload: string;
}

/** Values the dialog knows because they were typed in this editor session, before a deploy. */
export interface TypedSecrets {
  readonly movie: Record<string, string>;
  readonly show: Record<string, string>;
  readonly slots: Record<number, string>;
  readonly urls: Partial<Record<MediaType, string>>;
}

export interface DialogState {
  readonly method: string;
  readonly timeout: string;
  readonly retries: string;
  /** The `customFields` property as typed, and what it declares. */
  readonly customFieldsText: string;
  readonly customFields: CustomFields;
  readonly endpoints: Readonly<Record<MediaType, EndpointProperties>>;
  /** The header rows of each media type, as they are in the dialog. */
  readonly rows: Readonly<Record<MediaType, readonly HeaderRow[]>>;
  /** Every secret row of both media types, with its slot. */
  readonly secretRows: readonly HeaderRow[];
  readonly urls: Readonly<Record<MediaType, UrlState>>;
  /** What the preview renders secrets as: typed values, `***` for saved ones. */
  readonly preview: WebhookSecrets;
  readonly typed: TypedSecrets;
}

/** The names the dialog's checks take as declared: each custom field's name or `msg.` path. */
export function declaredNames(state: DialogState): string[] {
  return state.customFields.fields.map((field) => field.name);
}

/** The node's flow properties of a state, as `normalizeConfig` and the test endpoint take them. */
export function flowProperties(state: DialogState): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    method: state.method,
    timeout: state.timeout,
    retries: state.retries,
    customFields: state.customFieldsText,
  };
  for (const media of MEDIA_TYPES) {
    const endpoint = state.endpoints[media];
    properties[`${media}Url`] = endpoint.url;
    properties[`${media}UrlSecret`] = endpoint.urlSecret;
    properties[`${media}Headers`] = endpoint.headers;
    properties[`${media}Payload`] = endpoint.payload;
  }
  return properties;
}

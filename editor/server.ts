import { parseServerUrl } from '../src/jellyfin/server-url';
import { catalog, numberIn, pickedTls, showOmittedDefaults } from './shared';

/** The `jellyfin-server` dialog's logic, bundled as `window.JellyfinServerEditor`. */

const t = catalog('jellyfin-server');
// What Node-RED puts in a password field whose stored value was not changed.
const UNCHANGED = '__PWRD__';

function showPollRows(): void {
  const mode = String($('#node-config-input-mode').val() || 'auto');
  const polls = mode === 'poll' || mode === 'auto';
  $('.jellyfin-server-poll-row').toggle(polls);
  $('#jellyfin-server-poll-note').text(polls ? t(`pollNote.${mode}`) : '');
}

function test(node: EditorNode): void {
  const button = $('#jellyfin-server-test');
  const result = $('#jellyfin-server-test-result');
  const url = String($('#node-config-input-url').val() || '').trim();
  const typedKey = String($('#node-config-input-apiKey').val() || '');
  const tls = pickedTls('node-config-input-tls');
  const body: { id: unknown; url: string; apiKey?: string; tls?: string } = { id: node.id, url, tls: tls.id };
  $('#jellyfin-server-test-note').text(tls.pending ? t('tls.pending') : '');
  // An untouched field holds the marker: leave the key out and the runtime uses the stored one.
  if (typedKey !== '' && typedKey !== UNCHANGED) body.apiKey = typedKey;
  result.removeClass('jellynext-ok jellynext-error').addClass('jellynext-info').text(t('test.connecting'));
  button.prop('disabled' as 'checked', true);
  $.ajax({
    url: 'jellyfin-server/test',
    type: 'POST',
    contentType: 'application/json; charset=utf-8',
    dataType: 'json',
    data: JSON.stringify(body),
    timeout: 20000,
  })
    .done((raw) => {
      const answer = (raw ?? {}) as { ok?: boolean; serverName?: string; version?: string; error?: string; unverified?: boolean };
      result.removeClass('jellynext-info');
      const names = { serverName: answer.serverName, version: answer.version };
      if (answer.ok === true && answer.unverified === true) result.addClass('jellynext-info').text(t('tls.connectedUnverified', names));
      else if (answer.ok === true) result.addClass('jellynext-ok').text(t('test.connected', names));
      else result.addClass('jellynext-error').text(t('test.refused', { error: answer.error || t('test.noAnswer') }));
    })
    .fail((xhr, status, error) => {
      const detail = xhr.responseJSON?.error || xhr.responseJSON?.message || error || status || t('test.unknown');
      result
        .removeClass('jellynext-info')
        .addClass('jellynext-error')
        .text(xhr.status ? t('test.failedHttp', { status: xhr.status, detail }) : t('test.failed', { detail }));
    })
    .always(() => button.prop('disabled' as 'checked', false));
}

export function prepare(node: EditorNode): void {
  showOmittedDefaults(node, 'node-config-input');
  $('#node-config-input-mode').on('change', showPollRows);
  showPollRows();
  $('#jellyfin-server-test').on('click', () => test(node));
}

// Node-RED takes a returned reason only from validators declared with two parameters (value, opt).
export function validateUrl(value: unknown): true | string {
  const url = String(value ?? '').trim();
  if (url === '') return t('errors.urlMissing');
  // The runtime would add http:// to a bare host; the dialog asks for it, so the scheme is a choice.
  if (!/^https?:\/\/[^\s/?#]+/i.test(url)) return t('errors.urlScheme');
  try {
    parseServerUrl(url);
    return true;
  } catch {
    return t('errors.urlScheme');
  }
}

export function validateMode(value: unknown): true | string {
  return value === undefined || value === null || value === 'auto' || value === 'push' || value === 'poll' || t('errors.mode');
}

export function validatePollInterval(value: unknown): true | string {
  return numberIn(value, 0.25, 3600) || t('errors.pollInterval');
}

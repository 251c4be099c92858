import type { MediaType } from '../../src/media';
import { t } from './model';

/**
 * The rows of a media tab that hold no node property (headers list, payload editor, send test, preview).
 * The movie and show tabs are alike but for their ids, so they are written here once; the tab's URL rows
 * stay in the .html, because Node-RED fills `node-input-*` fields before the dialog's code runs.
 */
export function appendMediaTabRows(media: MediaType): void {
  const id = (part: string): string => `jellynext-${media}-${part}`;
  const label = (icon: string, key: string): string => `<label><i class="fa ${icon}"></i> <span>${escapeText(t(key))}</span></label>`;
  const preview = media === 'show' ? 'label.previewShow' : 'label.previewMovie';
  $(`#jellynext-tab-${media}`).append(
    [
      `<div class="form-row">${label('fa-list', 'label.headers')}<div class="jellynext-block"><ol id="${id('headers')}" class="jellynext-headers"></ol></div></div>`,
      `<div class="form-row jellynext-payload-row">${label('fa-file-code-o', 'label.payload')}<div class="jellynext-block">`,
      `<div id="${id('placeholders')}" class="jellynext-placeholders"></div>`,
      `<div id="${id('payload')}" class="node-text-editor jellynext-payload-editor"></div>`,
      `<div id="${id('validation')}" class="jellynext-validation"></div></div></div>`,
      `<div class="form-row">${label('fa-paper-plane', 'label.test')}`,
      `<button type="button" id="${id('send')}" class="red-ui-button jellynext-send"><i class="fa fa-paper-plane"></i> <span>${escapeText(t('label.sendTest'))}</span></button>`,
      `<span id="${id('test-result')}" class="jellynext-test-result"></span><pre id="${id('test-response')}" class="jellynext-test-response"></pre></div>`,
      `<div class="form-row"><a id="${id('preview-toggle')}" class="jellynext-preview-toggle"><i class="fa fa-caret-down"></i> <span>${escapeText(t(preview))}</span></a>`,
      `<pre id="${id('preview')}" class="jellynext-preview"></pre></div>`,
    ].join(''),
  );
}

/** Catalog texts are the package's own, but a translation must not be able to add markup. */
function escapeText(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

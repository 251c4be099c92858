import { DEFAULT_MOVIE_PAYLOAD, DEFAULT_SHOW_PAYLOAD } from '../../src/template/defaults';
import type { MediaType } from '../../src/media';
import { LIMITS, MAX_RETRIES } from '../../src/webhook/config';
import { showOmittedDefaults } from '../shared';
import { HeaderList } from './headers';
import { declaredNames, MEDIA_TYPES, t, type DialogState } from './model';
import { urlNotes } from './notes';
import { createPayloadEditor } from './payload-editor';
import { preparePlaceholderBar, showCustomButtons } from './placeholder-bar';
import { showPreview, showValidation } from './preview';
import { SecretStore } from './secrets';
import { sendTest } from './send-test';
import { readState } from './state';
import { appendMediaTabRows } from './tab-markup';
import { showWarnings } from './warnings';

// Whether the previews are open, remembered while the editor page is open, as core nodes remember their sections.
let previewOpen = true;

const REFRESH_DELAY_MS = 150;

/** The open dialog of one jellynext-webhook node: it wires the form's parts and keeps them current. */
export class WebhookDialog {
  private readonly secrets: SecretStore;
  private readonly lists: Record<MediaType, HeaderList>;
  private readonly editors: Partial<Record<MediaType, CodeEditor>> = {};
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly node: EditorNode) {
    this.secrets = new SecretStore(node);
    const changed = (): void => this.schedule();
    this.lists = { movie: new HeaderList('movie', this.secrets, changed), show: new HeaderList('show', this.secrets, changed) };
  }

  prepare(): void {
    const node = this.node;
    const changed = (): void => this.schedule();
    for (const media of MEDIA_TYPES) appendMediaTabRows(media);
    this.secrets.prepareInputs();
    showOmittedDefaults(node, 'node-input');
    $('#node-input-retries').spinner({ min: 0, max: MAX_RETRIES });
    $('#node-input-parallel').spinner({ min: 1, max: LIMITS.parallel });
    $('#node-input-queueSize').spinner({ min: 0, max: LIMITS.queueSize, step: 100 });
    $('#node-input-rateLimit').spinner({ min: 0, max: LIMITS.rateLimit });
    this.prepareTabs();
    for (const media of MEDIA_TYPES) {
      this.secrets.prepareSecretUrl(media, changed);
      this.lists[media].prepare(node[`${media}Headers`]);
      const saved = node[`${media}Payload`];
      const editor = createPayloadEditor(
        media,
        typeof saved === 'string' ? saved : media === 'show' ? DEFAULT_SHOW_PAYLOAD : DEFAULT_MOVIE_PAYLOAD,
      );
      this.editors[media] = editor;
      editor.on('change', changed);
      preparePlaceholderBar(media, () => this.editors[media]);
      $(`#node-input-${media}Url`).on('input change', changed);
      $(`#jellynext-${media}-send`).on('click', (event) => {
        event.preventDefault();
        const state = this.state();
        if (state) sendTest(node, media, state, () => this.closed);
      });
      $(`#jellynext-${media}-preview-toggle`).on('click', (event) => {
        event.preventDefault();
        previewOpen = !previewOpen;
        showPreviewState();
      });
    }
    showPreviewState();
    const method = $('#node-input-method');
    method.on('change', () => {
      // GET sends no body.
      $('.jellynext-webhook-form .jellynext-payload-row').toggle(method.val() !== 'GET');
      changed();
    });
    method.trigger('change');
    $('#node-input-signingSecret').on('input change', changed);
    $('#node-input-customFields').on('input change', changed);
    this.refresh();
  }

  private prepareTabs(): void {
    const tabs = RED.tabs.create({
      id: 'jellynext-webhook-tabs',
      onchange: (tab) => {
        $('#jellynext-webhook-tabs-content').children().hide();
        const content = $(`#${tab.id}`).show();
        this.editors[content.data('media') as MediaType]?.resize();
      },
    });
    tabs.addTab({ id: 'jellynext-tab-movie', iconClass: 'fa fa-film', label: t('label.movie') });
    tabs.addTab({ id: 'jellynext-tab-show', iconClass: 'fa fa-television', label: t('label.show') });
  }

  /** The form as it would be saved, or undefined while a widget is still being built (the next change refreshes). */
  private state(): DialogState | undefined {
    const editors = this.editors;
    if (!editors.movie || !editors.show) return undefined;
    try {
      return readState(this.lists, this.secrets, { movie: editors.movie, show: editors.show });
    } catch {
      return undefined;
    }
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }

  private refresh(): void {
    if (this.closed) return;
    const state = this.state();
    if (!state) return;
    const signed = $('#node-input-signingSecret').val() !== '';
    const declared = declaredNames(state);
    for (const media of MEDIA_TYPES) {
      const editor = this.editors[media];
      if (editor) showValidation(media, state, editor);
      showPreview(media, state, signed);
      showCustomButtons(media, state.customFields.fields, () => this.editors[media]);
      this.lists[media].showNotes(declared);
      const notes = $(`#jellynext-${media}-url-notes`).empty();
      for (const note of urlNotes(state.urls[media].text, declared))
        notes.append($('<div>').addClass(`jellynext-${note.level}`).text(note.text));
    }
    showWarnings(state, signed);
  }

  /** Writes what the form does not hold in `node-input-*` fields: header rows, payloads and the secret credentials. */
  save(): void {
    const state = this.state();
    if (state) {
      this.secrets.writeInputs(state);
      for (const media of MEDIA_TYPES) {
        this.node[`${media}Headers`] = state.endpoints[media].headers;
        this.node[`${media}Payload`] = state.endpoints[media].payload;
      }
    }
    this.destroy();
  }

  resize(size: { height: number }): void {
    const height = Math.max(140, Math.min(300, Math.round(size.height * 0.3)));
    for (const media of MEDIA_TYPES) {
      $(`#jellynext-${media}-payload`).css('height', `${height}px`);
      this.editors[media]?.resize();
    }
  }

  destroy(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const media of MEDIA_TYPES) {
      this.editors[media]?.destroy();
      delete this.editors[media];
    }
  }
}

function showPreviewState(): void {
  $('.jellynext-webhook-form .jellynext-preview').toggle(previewOpen);
  $('.jellynext-webhook-form .jellynext-preview-toggle i.fa')
    .toggleClass('fa-caret-down', previewOpen)
    .toggleClass('fa-caret-right', !previewOpen);
}

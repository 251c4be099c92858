import type { TemplateNotice } from '../../src/template/compile';
import type { MediaType } from '../../src/media';
import { PLACEHOLDER_TOKEN } from '../../src/template/placeholder-syntax';

/**
 * The payload's code editor: JSON colours in which `{placeholder}` is a value, inserting a placeholder at
 * the cursor, and the template error underlined where it is.
 */

const LANGUAGE = 'jellynext-json-template';

function monacoChosen(): MonacoLike | undefined {
  const chosen = RED.editor.codeEditor?.editor;
  const type = chosen !== null && typeof chosen === 'object' ? (chosen as { type?: unknown }).type : chosen;
  return type === 'monaco' && window.monaco?.languages ? window.monaco : undefined;
}

/** JSON highlighting without Monaco's JSON diagnostics, which would flag every bare placeholder. */
function ensureLanguage(monaco: MonacoLike): void {
  const languages = monaco.languages;
  if (languages.getLanguages().some((language) => language.id === LANGUAGE)) return;
  languages.register({ id: LANGUAGE });
  languages.setMonarchTokensProvider(LANGUAGE, {
    tokenizer: {
      root: [
        [PLACEHOLDER_TOKEN, 'variable'],
        [/[{}[\]]/, '@brackets'],
        [/"(?=(?:[^"\\]|\\.)*"\s*:)/, { token: 'type', next: '@key' }],
        [/"/, { token: 'string', next: '@string' }],
        [/-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/, 'number'],
        [/\b(?:true|false|null)\b/, 'keyword'],
        [/[,:]/, 'delimiter'],
        [/\s+/, 'white'],
      ],
      key: [
        [/[^"\\]+/, 'type'],
        [/\\./, 'type'],
        [/"/, { token: 'type', next: '@pop' }],
      ],
      string: [
        [PLACEHOLDER_TOKEN, 'variable'],
        [/[^"\\{]+/, 'string'],
        [/\\./, 'string.escape'],
        [/\{/, 'string'],
        [/"/, { token: 'string', next: '@pop' }],
      ],
    },
  });
  languages.setLanguageConfiguration(LANGUAGE, {
    brackets: [
      ['{', '}'],
      ['[', ']'],
    ],
    autoClosingPairs: [
      { open: '{', close: '}' },
      { open: '[', close: ']' },
      { open: '"', close: '"', notIn: ['string'] },
    ],
    surroundingPairs: [
      { open: '{', close: '}' },
      { open: '[', close: ']' },
      { open: '"', close: '"' },
    ],
  });
}

export function createPayloadEditor(media: MediaType, value: string): CodeEditor {
  let monaco = monacoChosen();
  if (monaco) {
    try {
      ensureLanguage(monaco);
    } catch {
      monaco = undefined; // plain JSON mode still edits; only the placeholder colours are lost
    }
  }
  const editor = RED.editor.createEditor({
    id: `jellynext-${media}-payload`,
    mode: monaco ? LANGUAGE : 'ace/mode/json',
    value,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    lineNumbersMinChars: 3,
    formatOnPaste: false,
  });
  // ACE: keep the JSON colours but not its linter, which knows nothing about placeholders.
  if (!monaco) editor.getSession?.().setUseWorker?.(false);
  return editor;
}

export function insertAtCursor(editor: CodeEditor, text: string): void {
  if (editor.executeEdits && editor.getSelection && window.monaco) {
    editor.executeEdits('jellynext-placeholder', [{ range: editor.getSelection(), text, forceMoveMarkers: true }]);
    editor.pushUndoStop?.();
  } else {
    editor.insert?.(text);
  }
  editor.focus();
}

/** Underlines the template error in the editor itself, or clears the mark. */
export function markError(editor: CodeEditor, error: TemplateNotice | undefined): void {
  try {
    if (editor.getModel && window.monaco) {
      const { line, column } = error ?? { line: 0, column: 0 };
      const markers = error
        ? [
            {
              severity: window.monaco.MarkerSeverity.Error,
              message: error.message,
              startLineNumber: line,
              startColumn: column,
              endLineNumber: line,
              endColumn: column + 1,
            },
          ]
        : [];
      window.monaco.editor.setModelMarkers(editor.getModel(), 'jellynext', markers);
    } else {
      editor
        .getSession?.()
        .setAnnotations(error ? [{ row: error.line - 1, column: error.column - 1, text: error.message, type: 'error' }] : []);
    }
  } catch {
    // Marks are a nicety: the validation line below the editor says the same.
  }
}

/**
 * The parts of Node-RED's editor widgets (editableList, typedInput, spinner, tabs, code editor) and of
 * jQuery that the webhook dialog uses, merged into the shared declarations of ../globals.d.ts.
 */

interface JQueryEventLike {
  preventDefault(): void;
}

interface JQueryLike {
  on(events: string, handler: (event: JQueryEventLike) => void): JQueryLike;
  text(): string;
  prop(name: 'disabled', value: boolean): JQueryLike;
  attr(name: string, value: string): JQueryLike;
  css(name: string, value: string): JQueryLike;
  data(key: string): unknown;
  data(key: string, value: unknown): JQueryLike;
  find(selector: string): JQueryLike;
  each(handler: (this: HTMLElement) => void): JQueryLike;
  is(other: JQueryLike): boolean;
  appendTo(target: JQueryLike): JQueryLike;
  trigger(event: string): JQueryLike;
  toggleClass(names: string, on: boolean): JQueryLike;
  hide(): JQueryLike;
  show(): JQueryLike;
  children(): JQueryLike;
  parent(): JQueryLike;
  closest(selector: string): JQueryLike;
  spinner(options: { min: number; max: number; step?: number }): JQueryLike;
  editableList(options: EditableListOptions): JQueryLike;
  editableList(method: 'addItem', data: HeaderRowData): JQueryLike;
  editableList(method: 'items'): JQueryLike;
  typedInput(options: { default: string; types: string[] }): JQueryLike;
  typedInput(method: 'type' | 'value'): string;
  typedInput(method: 'type' | 'value', value: string): JQueryLike;
}

declare function $(element: HTMLElement): JQueryLike;

/** A header row as the flow stores it, plus whether the row came from the flow or the add button. */
interface HeaderRowData {
  name?: unknown;
  value?: unknown;
  type?: unknown;
  slot?: unknown;
  fromFlow?: boolean;
}

interface EditableListOptions {
  addButton: string;
  removable: boolean;
  sortable: boolean;
  height: 'auto';
  scrollOnAdd: boolean;
  addItem(row: JQueryLike, index: number, data: HeaderRowData): void;
  removeItem(): void;
  sortItems(): void;
}

/** What the dialog needs of the editor Node-RED creates (Monaco, or ACE in older settings); optional parts differ by kind. */
interface CodeEditor {
  getValue(): string;
  on(event: 'change', handler: () => void): void;
  resize(): void;
  destroy(): void;
  focus(): void;
  // Monaco
  executeEdits?(source: string, edits: Array<{ range: unknown; text: string; forceMoveMarkers: boolean }>): void;
  getSelection?(): unknown;
  pushUndoStop?(): void;
  getModel?(): unknown;
  // ACE
  insert?(text: string): void;
  getSession?(): {
    setUseWorker?(use: boolean): void;
    setAnnotations(annotations: Array<{ row: number; column: number; text: string; type: 'error' }>): void;
  };
}

interface RedEditorApi {
  editor: {
    codeEditor?: { editor?: unknown };
    createEditor(options: {
      id: string;
      mode: string;
      value: string;
      minimap: { enabled: boolean };
      scrollBeyondLastLine: boolean;
      lineNumbersMinChars: number;
      formatOnPaste: boolean;
    }): CodeEditor;
  };
  tabs: {
    create(options: { id: string; onchange(tab: { id: string }): void }): {
      addTab(tab: { id: string; iconClass: string; label: string }): void;
    };
  };
}

/** The few Monaco calls used: a JSON-like language in which `{placeholder}` is a value, and error markers. */
interface MonacoLike {
  languages: {
    getLanguages(): Array<{ id: string }>;
    register(language: { id: string }): void;
    setMonarchTokensProvider(id: string, provider: unknown): void;
    setLanguageConfiguration(id: string, configuration: unknown): void;
  };
  editor: { setModelMarkers(model: unknown, owner: string, markers: unknown[]): void };
  MarkerSeverity: { Error: number };
}

interface Window {
  monaco?: MonacoLike;
}

/**
 * The little of Node-RED's editor API and jQuery that the dialog modules use. Node-RED provides both as
 * globals in the editor page; typing only what is used keeps the modules honest without its full types.
 */
interface JQueryLike {
  val(): unknown;
  val(value: string | number): JQueryLike;
  prop(name: 'checked'): boolean;
  prop(name: 'checked', value: boolean): JQueryLike;
  on(events: string, handler: () => void): JQueryLike;
  toggle(show: boolean): JQueryLike;
  text(value: string): JQueryLike;
  addClass(names: string): JQueryLike;
  removeClass(names: string): JQueryLike;
  empty(): JQueryLike;
  append(content: JQueryLike | string): JQueryLike;
  attr(name: string): string | undefined;
  length: number;
}

declare function $(selector: string): JQueryLike;

interface EditorNode {
  _def?: { defaults?: Record<string, { value: unknown; type?: string }> };
  [property: string]: unknown;
}

/** Declared as an interface so a dialog module that needs more of the API can add it where it is used. */
interface RedEditorApi {
  _(key: string, values?: Record<string, unknown>): string;
  nodes: {
    /** A node of the editor's workspace (config nodes included); `changed` while it has edits that are not deployed. */
    node(id: string): { changed?: boolean } | null;
  };
}

declare const RED: RedEditorApi;

interface AjaxAnswer {
  done(handler: (answer: unknown) => void): AjaxAnswer;
  fail(
    handler: (xhr: { status: number; responseJSON?: { error?: string; message?: string } }, status: string, error: string) => void,
  ): AjaxAnswer;
  always(handler: () => void): AjaxAnswer;
}

declare namespace $ {
  function ajax(options: { url: string; type: string; contentType: string; dataType: string; data: string; timeout: number }): AjaxAnswer;
}

// Types of flow.mjs for the TypeScript tests that import it.
export declare const IDS: Readonly<Record<string, string>> & { readonly tab: string; readonly server: string; readonly webhook: string };
export interface StartFlowOptions {
  readonly jellyfinUrl: string;
  readonly serverName: string;
  readonly movieUrl: string;
  readonly showUrl: string;
  /** With the simulator only: adds the "Simulate Play" buttons. */
  readonly controlUrl?: string;
}
export declare function startFlow(options: StartFlowOptions): Array<Record<string, unknown> & { id: string; type: string }>;

// Types of node-red-choice.mjs for the TypeScript tests that import it.
export const NODE_RED_ENV: 'JELLYNEXT_NODE_RED';
export const NODE_22_DIR: string;
export interface NodeRedChoice {
  /** The Node-RED major version: 4 or 5. */
  readonly major: number;
  /** Absolute path of that Node-RED's red.js. */
  readonly redJs: string;
  /** Absolute path of the Node binary that runs it. */
  readonly node: string;
}
export function chooseNodeRed(root: string, env?: NodeJS.ProcessEnv): NodeRedChoice;

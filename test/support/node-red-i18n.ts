// node-red-node-test-helper hands every node `RED._ = key => key`, so a node that takes its texts from
// its message catalog would only ever show keys there. This gives a node under the helper what a real
// Node-RED gives it: its set's catalog registered with Node-RED's own i18n (@node-red/util, as
// @node-red/registry/lib/loader.js loadNodeLocales does) and a `RED._` that prefixes the set's
// namespace to keys without one (as @node-red/registry/lib/util.js createNodeApi does).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PACKAGE_NAME, PACKAGE_ROOT } from './node-red-runtime';

const require = createRequire(import.meta.url);

interface NodeRedI18n {
  init(settings: { lang?: string }): void;
  registerMessageCatalog(namespace: string, dir: string, file: string): Promise<void>;
  _(key: string, values?: Record<string, unknown>): string;
}

// The @node-red/util instance Node-RED itself uses (resolved from the node-red package).
const { i18n } = require(require.resolve('@node-red/util', { paths: [dirname(require.resolve('node-red/package.json'))] })) as {
  i18n: NodeRedI18n;
};
// English whatever the machine's locale, so assertions on wording hold everywhere.
i18n.init({ lang: 'en-US' });

type NodeInit = (RED: object) => unknown;

/**
 * The node module's init function, loading its texts from `dist/nodes/<set>/locales` first.
 * `set` is the key in package.json `node-red.nodes`; the namespace is `<module>/<set>`.
 */
export function withCatalog(init: NodeInit, set: string): NodeInit {
  const namespace = `${PACKAGE_NAME}/${set}`;
  const registered = i18n.registerMessageCatalog(namespace, join(PACKAGE_ROOT, 'dist/nodes', set, 'locales'), `${set}.json`);
  const translate = (key: string, values?: Record<string, unknown>): string =>
    i18n._(key.includes(':') ? key : `${namespace}:${key}`, values);
  return async (RED) => {
    await registered;
    return init(Object.create(RED, { _: { value: translate } }));
  };
}

// Preloaded into `node-red-dev validate` (NODE_OPTIONS=--require): the flow catalogue host cannot be
// reached from these machines, so its look-ups answer "no modules". Everything else goes out as usual.
const Module = require('node:module');

const load = Module._load;
Module._load = function loadWithCatalogueStub(request, ...rest) {
  const loaded = load.call(this, request, ...rest);
  if (request === 'axios' && loaded && !loaded.__catalogueStubbed) {
    const get = loaded.get.bind(loaded);
    loaded.get = (url, ...args) =>
      String(url).startsWith('https://catalogue.nodered.org/') ? Promise.resolve({ data: { modules: [] } }) : get(url, ...args);
    loaded.__catalogueStubbed = true;
  }
  return loaded;
};

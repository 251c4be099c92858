// Preloaded into the Node-RED child of `npm start` (node -r): when the parent goes away without
// stopping it (killed with SIGKILL, crashed), the IPC channel closes and Node-RED shuts down too —
// through its own SIGTERM handler, so flows stop cleanly. No orphan keeps the port.
'use strict';
if (process.channel) {
  process.channel.unref();
  process.once('disconnect', () => {
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.exit(1), 10000).unref();
  });
}

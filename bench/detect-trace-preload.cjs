// Where the milliseconds of a Play go (bench/detect.ts, part 1), stage by stage. Loaded through
// NODE_OPTIONS="--require <this file>" with DETECT_TRACE=<file>: the bench process ignores it, Node-RED writes
// <file> and the baseline child <file>.baseline at exit, one record per Sessions frame that led to a
// request, each a map of stage → process.hrtime in ms (one monotonic clock for every process).
// bench/detect-trace.mjs prints the median of each stage. Timing only: it wraps functions of dist/ and
// undici, adds Node-RED hooks (which cost a little themselves) and changes no behaviour.
//
// Stages, Node-RED: frame (SessionWatcher.onFrame entered), play (virtualPlayMessage called: parsed,
// tracked, emitted), frameDone, message (its promise settled), onSend / preDeliver / postDeliver / onReceive /
// postReceive (Node-RED's hooks), build / built (WebhookRequestBuilder.build), dispatch (undici Agent.dispatch
// entered) / dispatched (returned), requestCreated, headersSent / bodySent (undici wrote the request),
// responseHeaders, sendDone (sendWebhook settled), status:<type> (a node's status() call). A stage seen a
// second time in the same play is suffixed 2 (the viewer's message, the second request). Baseline: frame
// (JSON.parse of a Sessions frame), parsed, then the undici stages.
'use strict';
const { writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const dc = require('node:diagnostics_channel');

const out = process.env.DETECT_TRACE;
const isBaseline = process.argv.some((arg) => arg.includes('detect-baseline'));
const isNodeRed = process.argv.some((arg) => arg.endsWith('red.js'));

if (out && (isBaseline || isNodeRed)) {
  const root = join(__dirname, '..');
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  /** Records of the frames that led to a play. */
  const plays = [];
  /** The record stages are written to: the latest frame that led to a play. */
  let current;
  const mark = (stage) => {
    if (!current) return;
    if (current[stage] === undefined) current[stage] = now();
    else if (current[`${stage}2`] === undefined) current[`${stage}2`] = now();
  };

  const undiciDir = dirname(require.resolve('undici', { paths: [root] }));
  const base = require(join(undiciDir, 'lib/dispatcher/dispatcher-base.js')).prototype;
  const dispatch = base.dispatch;
  base.dispatch = function (options, handler) {
    const outer = this.constructor.name === 'Agent';
    if (outer) mark('dispatch');
    const result = dispatch.call(this, options, handler);
    if (outer) mark('dispatched');
    return result;
  };
  dc.subscribe('undici:request:create', () => mark('requestCreated'));
  dc.subscribe('undici:client:sendHeaders', () => mark('headersSent'));
  dc.subscribe('undici:request:bodySent', () => mark('bodySent'));
  dc.subscribe('undici:request:headers', () => mark('responseHeaders'));

  if (isBaseline) {
    const parse = JSON.parse;
    JSON.parse = function (text, reviver) {
      const at = now();
      const value = parse(text, reviver);
      if (typeof text === 'string' && text.includes('"MessageType":"Sessions"')) {
        current = { frame: at, parsed: now() };
        plays.push(current);
      }
      return value;
    };
  } else {
    const watcher = require(join(root, 'dist/src/jellyfin/session-watcher.js')).SessionWatcher.prototype;
    const onFrame = watcher.onFrame;
    watcher.onFrame = function (data) {
      const before = current;
      const record = { frame: now() };
      current = record;
      onFrame.call(this, data);
      record.frameDone = now();
      if (record.play !== undefined) plays.push(record);
      else current = before;
    };
    const virtualPlay = require(join(root, 'dist/src/playback/virtual-play.js'));
    const virtualPlayMessage = virtualPlay.virtualPlayMessage;
    virtualPlay.virtualPlayMessage = function (...args) {
      mark('play');
      const message = virtualPlayMessage.apply(this, args);
      message.then(() => mark('message'));
      return message;
    };
    const builder = require(join(root, 'dist/src/webhook/request.js')).WebhookRequestBuilder.prototype;
    const build = builder.build;
    builder.build = function (...args) {
      mark('build');
      const outcome = build.apply(this, args);
      mark('built');
      return outcome;
    };
    const sender = require(join(root, 'dist/src/webhook/sender.js'));
    const sendWebhook = sender.sendWebhook;
    sender.sendWebhook = async function (...args) {
      const result = await sendWebhook.apply(this, args);
      mark('sendDone');
      return result;
    };
    const runtimeDir = dirname(require.resolve('@node-red/runtime', { paths: [root] }));
    const nodePrototype = require(join(runtimeDir, 'nodes/Node.js')).prototype;
    const status = nodePrototype.status;
    nodePrototype.status = function (...args) {
      mark(`status:${this.type}`);
      return status.apply(this, args);
    };
    const { hooks } = require(require.resolve('@node-red/util', { paths: [root] }));
    const target = (event) => event.destination?.node?.type ?? '?';
    // One parameter each: Node-RED passes a hook of any other length a callback it must call.
    hooks.add('onSend.detectTrace', (_events) => mark('onSend'));
    hooks.add('preDeliver.detectTrace', (_event) => mark('preDeliver'));
    hooks.add('postDeliver.detectTrace', (_event) => mark('postDeliver'));
    hooks.add('onReceive.detectTrace', (event) => mark(`onReceive:${target(event)}`));
    hooks.add('postReceive.detectTrace', (event) => mark(`postReceive:${target(event)}`));
  }

  const write = () => writeFileSync(isBaseline ? `${out}.baseline` : out, JSON.stringify(plays));
  process.on('exit', write);
  // Node-RED is ended with SIGTERM, the baseline child by a disconnect: both exit at once here, writing the file.
  process.on('SIGTERM', () => process.exit(0));
  if (isBaseline) process.on('disconnect', () => process.exit(0));
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JellyfinSimulator } from '../../tools/jellyfin-simulator/src';
import { ExampleStage, type ExampleFlow } from '../support/example-runs';
import { NodeRedRuntime, type FlowNode } from '../support/node-red-runtime';
import { Receiver } from '../support/receiver';

/**
 * Issue 13 in a real Node-RED process: a function node's fields and message properties shape the
 * request through custom placeholders and defaults, and a webhook with only a movie URL deploys
 * cleanly and sends a show to output 2, where the viewer is still told.
 */
const FLOW: ExampleFlow = {
  file: 'c1 custom placeholders.json',
  label: 'custom placeholders',
  nodes: [
    { id: 'c1-server', type: 'jellyfin-server', name: 'Jellyfin', url: 'http://localhost:8096', mode: 'auto' },
    { id: 'c1-play', type: 'jellyfin-virtual-play', server: 'c1-server', wires: [['c1-logic']] },
    {
      id: 'c1-logic',
      type: 'function',
      name: 'approve',
      func: "msg.media = Object.assign({}, msg.media, { category: msg.media.mediaType === 'movie' ? 'films' : 'series' });\nmsg.approvedBy = 'Zoë';\nmsg.quota = { left: 2 };\nreturn msg;",
      outputs: 1,
      wires: [['c1-webhook']],
    },
    {
      id: 'c1-webhook',
      type: 'jellynext-webhook',
      name: 'movies only',
      retries: 0,
      customFields: 'category=films, msg.approvedBy=alice, msg.quota.left=3',
      movieUrl: 'http://localhost:8080/{category}/{msg.approvedBy}?lang={msg.language|en}',
      movieHeaders: [{ name: 'X-Quota-Left', value: '{msg.quota.left}', type: 'str' }],
      moviePayload: '{"title": "{title}", "imdbId": "{imdbId|unknown}", "category": "{category}", "left": {msg.quota.left}, "quota": {msg.quota}}',
      showUrl: '',
      wires: [['c1-stop'], ['c1-stop']],
    },
    {
      id: 'c1-stop',
      type: 'jellyfin-stop-playback',
      server: 'c1-server',
      stop: true,
      notify: true,
      successMessage: '{displayTitle} ({category}) was approved by {msg.approvedBy}; {msg.quota.left} left.',
      failureMessage: 'Not sent: {error|unknown reason}',
      wires: [[]],
    },
  ] as FlowNode[],
};

describe('custom placeholders and one media type per node, in a real Node-RED (issue 13)', () => {
  let sim: JellyfinSimulator;
  let red: NodeRedRuntime;
  let receiver: Receiver;
  let stage: ExampleStage;

  beforeAll(async () => {
    sim = await JellyfinSimulator.start();
    receiver = await new Receiver().start();
    red = await new NodeRedRuntime().start();
    stage = new ExampleStage(sim, red);
  }, 120_000);

  afterAll(async () => {
    await red?.stop();
    await receiver?.stop();
    await sim?.close();
  }, 60_000);

  it('fields a function node sets, msg paths and defaults fill URL, header and payload; a show goes to output 2 naming the missing URL', async () => {
    const logs = await stage.deploy(FLOW, { endpoints: { movie: { origin: receiver.url }, show: { url: '' } }, stopDelay: 0.2 });
    // Declared fields are not warned about, and one URL is enough: nothing about the webhook in the log.
    expect(logs).not.toMatch(/\[(?:warn|error)\] \[jellynext-webhook/);

    const movie = await stage.play(sim.catalogue!.quotedTitle);
    expect(movie.text).toBe('The "Backslash \\ Quote" Test (films) was approved by Zoë; 2 left.');
    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0];
    expect(request.url).toBe('/films/Zo%C3%AB?lang=en');
    expect(request.headers['x-quota-left']).toBe('2');
    expect(JSON.parse(request.body)).toEqual({ title: 'The "Backslash \\ Quote" Test', imdbId: 'unknown', category: 'films', left: 2, quota: { left: 2 } });

    const show = await stage.play(sim.catalogue!.breakingBadS02E01);
    expect(show.text).toBe('Not sent: this node has no show URL, so it does not send shows: set the show URL, or send shows to another node');
    expect(receiver.requests).toHaveLength(1);
  }, 90_000);
});

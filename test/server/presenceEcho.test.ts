/**
 * A stock provider sends back every presence state it received. An echo of someone who had just
 * left used to claim their client id for the echoing connection, so when they came back their
 * own announcements were dropped and they stayed invisible (the flaky offline-writes browser test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, connectDoc, eventually, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { awarenessFrame, opened } from '../helpers/frames.ts';

const OLIVIA_TAB = 777_001;

describe('presence echoed after someone leaves', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer({}, { PRESENCE_BATCH_MS: '0' });
    id = await declareIncident(server);
  });
  afterAll(() => server.close());

  it('does not give the leaver’s id to the echoing connection; the leaver is shown again on return', async () => {
    const oliviaToken = await tokenFor(server, id, 'Olivia');
    const oliviaUser = (await server.api('GET', '/api/session', undefined, oliviaToken)).body.userId as string;
    const watcher = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Watcher'));
    await synced(watcher);
    const nameOf = () => watcher.awareness.getStates().get(OLIVIA_TAB)?.user?.name as string | undefined;

    const olivia = rawSocket(`${server.wsUrl}/${id}?token=${oliviaToken}`);
    await opened(olivia);
    olivia.send(awarenessFrame(OLIVIA_TAB, 1, { typing: false }));
    await eventually(() => nameOf() === 'Olivia', 'Olivia present');
    const gone = closeOf(olivia);
    olivia.close();
    await gone;
    await eventually(() => nameOf() === undefined, 'Olivia gone');

    // Bob's provider echoes the state it last saw of Olivia's tab, stamped with her identity.
    const bob = rawSocket(`${server.wsUrl}/${id}?token=${await tokenFor(server, id, 'Bob')}`);
    await opened(bob);
    bob.send(awarenessFrame(OLIVIA_TAB, 5, { typing: false, user: { id: oliviaUser, name: 'Olivia', access: 'responder' } }));
    // Bob's own tab, sent after the echo: once it is shown, the echo has been handled.
    bob.send(awarenessFrame(888_002, 1, { typing: false }));
    await eventually(() => watcher.awareness.getStates().get(888_002)?.user?.name === 'Bob', 'Bob present');
    expect(nameOf()).toBeUndefined();

    const back = rawSocket(`${server.wsUrl}/${id}?token=${oliviaToken}`);
    await opened(back);
    back.send(awarenessFrame(OLIVIA_TAB, 6, { typing: true }));
    await eventually(() => nameOf() === 'Olivia', 'Olivia shown again after returning');
    back.close();
    bob.close();
    watcher.destroy();
  });
});

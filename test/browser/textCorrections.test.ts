/**
 * Corrections to a transcript entry are minimal Y.Text splices, so two people fixing the same
 * entry at once both keep their fix, and a caret follows the text around it. Plain functions
 * of the client, checked here without a browser because the merge rules are subtle.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextChange, transformIndex } from '../../client/src/sync/yTextEdits.ts';

function pair(initial: string): [Y.Text, Y.Text, () => void] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.getText('t').insert(0, initial);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const sync = () => {
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  };
  return [a.getText('t'), b.getText('t'), sync];
}

describe('collaborative corrections', () => {
  it('keeps both of two concurrent corrections to the same entry', () => {
    const [a, b, sync] = pair('rollback deploy 4812');
    applyTextChange(a, 'Rollback deploy 4812'); // one fixes the capital
    applyTextChange(b, 'rollback deploy 4813'); // the other the number
    sync();
    expect(a.toString()).toBe('Rollback deploy 4813');
    expect(b.toString()).toBe(a.toString());
  });

  it('never splits an emoji into halves', () => {
    const [a] = pair('status 😀 ok');
    applyTextChange(a, 'status 😃 ok');
    expect(a.toString()).toBe('status 😃 ok');
    expect(a.toString()).not.toContain('\ufffd');
  });

  it('moves a caret with remote inserts and deletes before it, not after', () => {
    const [a, b, sync] = pair('abc def');
    const deltas: Y.YTextEvent['delta'][] = [];
    a.observe((event) => deltas.push(event.delta));
    // Two keystrokes' worth on the other side: insert two before the caret at 4, delete one after.
    applyTextChange(b, 'XYabc def');
    applyTextChange(b, 'XYabc de');
    sync();
    expect(a.toString()).toBe('XYabc de');
    const caret = deltas.reduce((index, delta) => transformIndex(delta, index), 4);
    expect(caret).toBe(6);
  });
});

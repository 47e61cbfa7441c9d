/**
 * The change a series of edits adds up to (what the server hands the parser instead of comparing
 * a large file with its previous version).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeLog, composeChanges, fitsTexts, type TextChange } from '../../server/src/core/text-change';
import { LineIndex } from '../../server/src/core/document';

function apply(text: string, change: TextChange, inserted: string): string {
  return text.slice(0, change.start) + inserted + text.slice(change.oldEnd);
}

/** The promise of a TextChange: the texts agree outside it. */
function assertCovers(before: string, after: string, change: TextChange, what: string): void {
  assert.ok(fitsTexts(change, before.length, after.length), `${what}: ${JSON.stringify(change)} fits`);
  assert.equal(after.slice(0, change.start), before.slice(0, change.start), `${what}: same head`);
  assert.equal(after.slice(change.newEnd), before.slice(change.oldEnd), `${what}: same tail`);
}

test('text change: composing random edits covers everything they changed', () => {
  let state = 11;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  for (let run = 0; run < 300; run++) {
    const original = 'abcdefghij'.repeat(1 + random(5));
    let text = original;
    let total: TextChange | undefined;
    for (let i = 0; i < 1 + random(6); i++) {
      const start = random(text.length + 1);
      const oldEnd = start + random(text.length - start + 1);
      const inserted = 'XYZ'.slice(0, random(4));
      const change = { start, oldEnd, newEnd: start + inserted.length };
      const next = apply(text, change, inserted);
      assertCovers(text, next, change, `run ${run} edit ${i}`);
      total = composeChanges(total, change);
      text = next;
      assertCovers(original, text, total, `run ${run} after ${i + 1} edits`);
    }
  }
});

test('text change: composing two edits far apart covers the text between them, and no more', () => {
  const first = { start: 2, oldEnd: 4, newEnd: 3 };
  const second = { start: 10, oldEnd: 10, newEnd: 15 };
  assert.deepEqual(composeChanges(first, second), { start: 2, oldEnd: 11, newEnd: 15 });
  assert.equal(fitsTexts({ start: 5, oldEnd: 4, newEnd: 5 }, 10, 11), false, 'start after end');
  assert.equal(fitsTexts({ start: 0, oldEnd: 3, newEnd: 3 }, 10, 11), false, 'lengths disagree');
});

test('text change: the log answers only for versions it has every edit of', () => {
  const log = new ChangeLog(1);
  log.record(2, { start: 0, oldEnd: 0, newEnd: 1 });
  log.record(3, { start: 5, oldEnd: 6, newEnd: 5 });
  // Version 3 deleted the character that was at 4 before version 2's insertion.
  assert.deepEqual(log.since(1, 3), { start: 0, oldEnd: 5, newEnd: 5 });
  assert.deepEqual(log.since(2, 3), { start: 5, oldEnd: 6, newEnd: 5 });
  assert.deepEqual(log.since(3, 3), { start: 0, oldEnd: 0, newEnd: 0 }, 'no edit since: nothing changed');
  assert.equal(log.since(0, 3), undefined, 'before the log began');
  log.forgetUpTo(2);
  assert.equal(log.since(1, 3), undefined, 'edits up to version 2 are gone');
  assert.deepEqual(log.since(2, 3), { start: 5, oldEnd: 6, newEnd: 5 });
  log.record(4, null);
  assert.equal(log.since(2, 4), undefined, 'a whole-text replacement has no range');
});

test('text change: line starts spliced after an edit equal those of the new text (end of file, before a first ---, Enter)', () => {
  let state = 5;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const pieces = ['', 'a', '\n', 'b\n', '\n\n', '---\n', 'kind: Service\n', '\r\n'];
  // The cases that once went wrong, then random ones.
  const cases: [string, number, number, string][] = [
    ['kind: Service\n', 14, 14, 's'],
    ['a: 1', 4, 4, '\n'],
    ['---\na: 1\n', 0, 0, 'b:\n  c: 1\n'],
  ];
  for (let i = 0; i < 3000; i++) {
    let text = '';
    for (let k = random(8); k > 0; k--) text += pieces[random(pieces.length)];
    const start = random(text.length + 1);
    const end = start + random(text.length - start + 1);
    cases.push([text, start, end, pieces[random(pieces.length)]]);
  }
  for (const [before, start, end, inserted] of cases) {
    const after = before.slice(0, start) + inserted + before.slice(end);
    const spliced = LineIndex.spliced(after, new LineIndex(before), start, end, start + inserted.length);
    assert.deepEqual([...spliced.lineStarts], [...new LineIndex(after).lineStarts], JSON.stringify([before, start, end, inserted]));
  }
});

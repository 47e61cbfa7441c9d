import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { createLanguageCore } from '../../server/src/core/index';

const core = createLanguageCore();

/** Runs every core entry point at a few positions and returns the problems. */
function exercise(text: string, settings = {}) {
  const local = createLanguageCore(settings);
  const file = local.parse(text);
  const problems = local.validate(file);
  const lines = file.lines.lineCount;
  for (const line of [0, Math.floor(lines / 2), lines - 1, lines + 3]) {
    for (const character of [0, 1, 5, 1000]) {
      const completions = local.complete(file, { line, character });
      assert.ok(Array.isArray(completions));
      local.hover(file, { line, character });
    }
  }
  return problems;
}

test('bad input: empty file, whitespace, comments only', () => {
  assert.deepEqual(exercise(''), []);
  assert.deepEqual(exercise('\n\n   \n'), []);
  assert.deepEqual(exercise('# just a comment\n---\n# another\n'), []);
});

test('bad input: binary garbage returns without throwing', () => {
  const garbage = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
  exercise(garbage);
  exercise(`kind: Service\n${garbage}`);
});

test('bad input: a BOM before apiVersion is fine', () => {
  assert.deepEqual(exercise('\uFEFFapiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n  - port: 80\n'), []);
});

test('bad input: tabs are reported, not thrown', () => {
  const found = exercise('apiVersion: v1\nkind: Service\nspec:\n\tports:\n\t- port: 80\n');
  assert.ok(found.some((p) => p.code === 'yaml-syntax'));
});

test('bad input: a file over maxFileSize gets one too-large diagnostic and no analysis', () => {
  const big = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n' + '# padding line for size\n'.repeat(500_000);
  assert.ok(big.length > 10_000_000);
  const found = exercise(big);
  assert.deepEqual(found.map((p) => p.code), ['too-large']);
  assert.deepEqual(exercise(big.replace(/^apiVersion: v1\nkind: Service\n/, 'name: x\n')), [], 'not Kubernetes: silent');
});

test('bad input: deep nesting returns', () => {
  const deep = 'kind: Service\nspec:\n  selector: ' + '['.repeat(3000) + ']'.repeat(3000) + '\n';
  exercise(deep);
  let block = 'kind: Service\nspec:\n';
  for (let i = 0; i < 500; i++) block += `${' '.repeat(2 + i)}k${i}:\n`;
  exercise(block);
});

test('bad input: alias-heavy YAML (billion laughs) returns quickly without expanding', () => {
  let text = 'apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    a0: &a0 "lol"\n';
  for (let i = 1; i < 30; i++) text += `    a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  text += 'spec:\n  selector: *a29\n';
  const found = exercise(text);
  assert.ok(found.some((p) => p.code === 'type-mismatch'), 'annotation values that are lists are flagged');
});

test('fuzz: random mutations of the examples never throw', () => {
  const dir = path.join(__dirname, '..', '..', '..', 'examples');
  const seeds = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  let state = 42;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const alphabet = ['-', ':', ' ', '\n', '\t', '"', "'", '[', ']', '{', '}', '&a', '*a', '#', '|', '>', '---\n', '? ', '!!str ', '\r\n', '\uFEFF', 'ü', '한'];
  for (let round = 0; round < 400; round++) {
    let text = seeds[round % seeds.length];
    for (let edits = 1 + random(6); edits > 0; edits--) {
      const at = random(text.length + 1);
      const op = random(3);
      if (op === 0) text = text.slice(0, at) + alphabet[random(alphabet.length)] + text.slice(at);
      else if (op === 1) text = text.slice(0, at) + text.slice(at + 1 + random(8));
      else text = text.slice(0, at) + text.slice(random(text.length)) ;
    }
    const file = core.parse(text);
    core.validate(file);
    const lines = file.lines.lineCount;
    for (let k = 0; k < 5; k++) {
      const position = { line: random(lines + 1), character: random(40) };
      core.complete(file, position);
      core.hover(file, position);
    }
  }
});

test('bad input: a line of 200,000 blanks is read in linear time (completion and hover finish)', { timeout: 20_000 }, () => {
  // No colon on the long line: a pattern that backtracks over the blanks takes minutes here.
  const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  junk${' '.repeat(200_000)}x\nspec:\n  ty\n`;
  const file = core.parse(text);
  assert.ok(core.complete(file, { line: 6, character: 4 }).some((c) => c.label === 'type'));
  core.hover(file, { line: 4, character: 4 });
});

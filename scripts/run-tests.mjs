// `npm test`: every layer in order, each printing its own report, then one closing line with
// the totals (`total: N passed, N failed`). Stops at the first failing layer.
import { spawn } from 'node:child_process';

const layers = [
  { name: 'build', command: 'npm', args: ['run', '--silent', 'build'] },
  { name: 'type-check', command: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'unit, protocol, package and fidelity tests', command: process.execPath, args: ['--test', '--test-reporter=spec', 'out/test/unit/', 'out/test/protocol/', 'out/test/package/', 'out/test/fidelity/', 'bench/smoke.test.mjs'], count: 'node' },
  { name: 'grammar tests', command: 'npm', args: ['run', '--silent', 'test:grammar'], count: 'grammar' },
  { name: 'real-editor harness setup', command: 'bash', args: ['harness/setup.sh'] },
  { name: 'e2e suite in VS Code (code-server)', command: process.execPath, args: ['harness/run-e2e.mjs'], count: 'plain' },
  { name: 'UI tests in VS Code (code-server)', command: process.execPath, args: ['harness/run-ui.mjs'], count: 'plain' },
];

function run(layer) {
  return new Promise((resolve) => {
    const child = spawn(layer.command, layer.args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function counts(kind, output) {
  if (kind === 'node') {
    const pass = /^ℹ pass (\d+)$/m.exec(output) ?? /^# pass (\d+)$/m.exec(output);
    const fail = /^ℹ fail (\d+)$/m.exec(output) ?? /^# fail (\d+)$/m.exec(output);
    return { passed: Number(pass?.[1] ?? 0), failed: Number(fail?.[1] ?? 0) };
  }
  if (kind === 'grammar') {
    return { passed: (output.match(/^✓ /gm) ?? []).length, failed: (output.match(/^✖ |^✗ |^x /gm) ?? []).length };
  }
  const plain = [...output.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  return { passed: Number(plain?.[1] ?? 0), failed: Number(plain?.[2] ?? 0) };
}

const started = Date.now();
let passed = 0;
let failed = 0;
for (const layer of layers) {
  console.log(`\n=== ${layer.name}`);
  const { code, output } = await run(layer);
  if (layer.count) {
    const c = counts(layer.count, output);
    passed += c.passed;
    failed += c.failed;
    if (code !== 0 && c.failed === 0) failed += 1;
  }
  if (code !== 0) {
    console.log(`\n=== ${layer.name} failed (exit ${code})`);
    console.log(`total: ${passed} passed, ${Math.max(failed, 1)} failed`);
    process.exit(1);
  }
}
console.log(`\n=== all layers passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`total: ${passed} passed, ${failed} failed`);

// Runs the mocha suite of test/e2e (written for @vscode/test-electron) inside a real VS Code:
// code-server's Node extension host, reached through the workbench's `payload` parameter.
// The exit code is the suite's; a hang ends with 124.
import { cpSync, mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { harnessInstalled, launchBrowser, repoRoot, startCodeServer } from './code-server.mjs';

const timeoutMs = Number(process.env.E2E_TIMEOUT_MS || 240_000);
const started = Date.now();
const say = (m) => console.error(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);

if (!harnessInstalled()) {
  console.error('The real-editor harness is not installed: run `bash harness/setup.sh` (npm test does it).');
  process.exit(2);
}
const testsIndex = path.join(repoRoot, 'out', 'test', 'e2e', 'index.js');
if (!existsSync(testsIndex)) {
  console.error(`${testsIndex} is missing: run \`npm run typecheck\` first.`);
  process.exit(2);
}

const workspace = mkdtempSync(path.join(os.tmpdir(), 'k8s-svc-ws-'));
cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
const results = path.join(mkdtempSync(path.join(os.tmpdir(), 'k8s-svc-results-')), 'results.json');

const server = await startCodeServer({
  // Auto-save is on by default in the web workbench; tests decide themselves when to save.
  settings: { 'files.autoSave': 'off' },
  env: { E2E_RESULTS: results, E2E_WORKSPACE: workspace },
  log: say,
});
let browser;
const finish = async (code) => {
  try {
    await browser?.close();
  } catch {
    // the browser may already be gone
  }
  await server.stop();
  let summary = '';
  if (existsSync(results)) {
    const stats = JSON.parse(readFileSync(results, 'utf8'));
    summary = ` (${stats.tests} tests, ${stats.passes} passed, ${stats.failures} failed, ${(stats.duration / 1000).toFixed(1)} s in the extension host)`;
  }
  say(`exit ${code}${summary}; logs in ${server.tmp}`);
  process.exit(code);
};
setTimeout(() => {
  say(`TIMEOUT after ${timeoutMs} ms`);
  void finish(124);
}, timeoutMs).unref();

browser = await launchBrowser();
// Workbench chatter that says nothing about our extension.
const noise = /^(Ignoring fetching|Creating a socket|Resolving connection|Resolved connection|\[Service Worker\]|ChatSessionStore|Updating additional|%c)/;
await browser.exposeFunction('codeAutomationLog', (type, args) => {
  const text = format(...(args ?? []));
  if (noise.test(text.trim())) return;
  console.log(text);
});
await browser.exposeFunction('codeAutomationExit', (code) => {
  setTimeout(() => void finish(code), 10);
});
const page = browser.pages()[0] ?? (await browser.newPage());
page.on('pageerror', (e) => say(`page error: ${e.message}`));
say('opening the workbench');
await page.goto(server.url({ folder: workspace, extensionTestsPath: testsIndex }));

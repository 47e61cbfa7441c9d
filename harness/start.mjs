// `npm start`: builds the extension and opens a real VS Code (code-server, VS Code 1.100) on
// 127.0.0.1 with the extension loaded and examples/ open. Prints the URL; Ctrl+C stops it.
//   npm start -- --port 8080            choose the port (default: PORT or 8080, else a free one)
//   npm start -- --screenshot out.png   also take a picture of the editor with a hover showing
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { hoverUntil, launchBrowser, repoRoot, startCodeServer } from './code-server.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function must(step, command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${step} failed (exit ${result.status}). Nothing was started.`);
    process.exit(result.status === 3 ? 3 : 1);
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

must('Building the extension', process.execPath, [path.join(repoRoot, 'esbuild.mjs')]);
must('Setting up the real-editor harness', 'bash', [path.join(repoRoot, 'harness', 'setup.sh')]);

const wanted = Number(option('--port') ?? process.env.PORT ?? 8080);
const port = (await portFree(wanted)) ? wanted : 0;
const server = await startCodeServer({ port });
const url = server.url({ folder: path.join(repoRoot, 'examples') });

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping VS Code...`);
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('Ctrl+C'));
process.on('SIGTERM', () => void stop('SIGTERM'));

console.log(`
Kubernetes Service YAML is running in a real VS Code (code-server, VS Code 1.100).
Open this URL in a browser on this machine:

  ${url}

The examples/ folder is open; edits are saved to it. Press Ctrl+C to stop.
`);

const screenshot = option('--screenshot');
if (screenshot) {
  const browser = await launchBrowser();
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(url);
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'service-definition.yaml' }).first().click({ timeout: 60_000 });
  await hoverUntil(page, /^selector$/, 'spec.selector').catch((error) => console.error(`No hover for the screenshot: ${error.message}`));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.resolve(screenshot) });
  await browser.close();
  console.log(`Screenshot of the editor with a hover: ${path.resolve(screenshot)}`);
}

// A few true UI tests in the real workbench, driven like a user with Playwright: typing a
// snippet prefix and accepting it, hovering a field, seeing a red squiggle and its Problems
// entry. Screenshots go to test-results/ui (or SCREENSHOT_DIR, e.g. docs/images).
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { harnessInstalled, hoverUntil, launchBrowser, repoRoot, startCodeServer } from './code-server.mjs';

const started = Date.now();
const say = (m) => console.error(`[ui ${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);
if (!harnessInstalled()) {
  console.error('The real-editor harness is not installed: run `bash harness/setup.sh` (npm test does it).');
  process.exit(2);
}
const shots = path.resolve(process.env.SCREENSHOT_DIR || path.join(repoRoot, 'test-results', 'ui'));
mkdirSync(shots, { recursive: true });
const workspace = mkdtempSync(path.join(os.tmpdir(), 'k8s-svc-ui-'));
cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
writeFileSync(path.join(workspace, 'new-service.yaml'), '');

// The local Kubernetes API double (compiled by `npm run typecheck`) stands in for a cluster.
const doublePath = path.join(repoRoot, 'out', 'test', 'support', 'kube-api-double.js');
if (!existsSync(doublePath)) {
  console.error(`${doublePath} is missing: run \`npm run typecheck\` first.`);
  process.exit(2);
}
const { KubeApiDouble } = createRequire(import.meta.url)(doublePath);
const api = new KubeApiDouble();
await api.start();
const kubeDir = mkdtempSync(path.join(os.tmpdir(), 'k8s-svc-kube-'));
const server = await startCodeServer({
  settings: { 'files.autoSave': 'off', 'editor.fontSize': 15, 'k8sServiceYaml.kubectl.kubeconfig': api.writeKubeconfig(kubeDir) },
  env: { KUBECACHEDIR: path.join(kubeDir, 'cache') },
  log: say,
});
const browser = await launchBrowser();
const timer = setTimeout(async () => {
  say('TIMEOUT');
  await browser.close().catch(() => {});
  await server.stop();
  await api.stop();
  process.exit(124);
}, 180_000);
const page = browser.pages()[0] ?? (await browser.newPage());
const results = [];

async function step(name, body) {
  const t0 = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`  ✘ ${name}: ${error.message.split('\n')[0]}`);
    await page.screenshot({ path: path.join(shots, `failed-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
  }
}

const editor = () => page.locator('.part.editor .monaco-editor').first();

async function openFromExplorer(name, contains) {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
  await page.locator('.part.editor .monaco-editor .view-lines', { hasText: contains }).first().waitFor({ timeout: 15_000 });
}

async function shot(name) {
  await page.waitForTimeout(300); // let the slide-in animation of widgets finish for the picture
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

try {
  say('opening the workbench on a copy of examples/');
  await page.goto(server.url({ folder: workspace }));
  await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });

  await step('hovering a field shows our explanation', async () => {
    await openFromExplorer('service-definition.yaml', 'back-end');
    await hoverUntil(page, /^ClusterIP$/, 'spec.type: ClusterIP');
    await shot('hover-clusterip');
    await page.keyboard.press('Escape');
  });

  await step('hovering selector shows the workloads it selects, from another file', async () => {
    await openFromExplorer('service-definition.yaml', 'back-end');
    await hoverUntil(page, /^selector$/, 'deployment/back-end');
    await page.locator('.part.editor .codelens-decoration', { hasText: 'selects' }).first().waitFor({ timeout: 10_000 });
    await shot('selector-hover');
    await page.keyboard.press('Escape');
  });

  await step('typing the svc prefix and accepting inserts a Service', async () => {
    await openFromExplorer('new-service.yaml', '');
    await editor().click();
    await page.keyboard.type('svc');
    const row = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'svc' });
    try {
      await row.first().waitFor({ timeout: 5_000 });
    } catch {
      await page.keyboard.press('Control+Space');
      await row.first().waitFor({ timeout: 10_000 });
    }
    await shot('snippet-suggest');
    await page.keyboard.press('Enter');
    await page.locator('.part.editor .monaco-editor .view-lines', { hasText: 'targetPort' }).first().waitFor({ timeout: 10_000 });
  });

  await step('a mistake shows a red squiggle and a Problems entry', async () => {
    await openFromExplorer('mistakes.yaml', 'front-end');
    await page.locator('.part.editor .monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'targetport' }).first().waitFor({ timeout: 15_000 });
    await shot('problems');
  });

  await step('running Create from File from the command palette shows what was created', async () => {
    await openFromExplorer('service-definition.yaml', 'back-end');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget:visible').waitFor({ timeout: 10_000 });
    await page.keyboard.type('Kubernetes Service: Create from File');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Create from File' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.notification-toast:visible', { hasText: 'Created service/back-end' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.notification-toast:visible', { hasText: 'kubectl create -f' }).waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
    if (!api.posts().some((p) => p.body?.metadata?.name === 'back-end')) throw new Error('the API double received no POST of back-end');
    await shot('create-command');
  });
} finally {
  clearTimeout(timer);
  await browser.close().catch(() => {});
  await server.stop();
  await api.stop();
}
const passed = results.filter((r) => r.ok).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
say(`screenshots in ${shots}`);
process.exit(results.length > 0 && passed === results.length ? 0 : 1);

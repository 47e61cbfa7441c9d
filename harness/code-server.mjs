// Starts a real VS Code (code-server 4.100.3) on 127.0.0.1 with our extension loaded as a
// development extension, and drives Debian's chromium with playwright-core. Shared by
// `npm start`, the e2e suite launcher and the UI tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..');
const require = createRequire(import.meta.url);
const codeServerBin = path.join(here, 'node_modules', '.bin', 'code-server');

export function harnessInstalled() {
  return existsSync(codeServerBin) && existsSync(path.join(here, 'node_modules', 'playwright-core'));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** User settings for a quiet, offline, deterministic workbench. */
export const baseSettings = {
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
};

/**
 * Starts code-server. `port` 0 picks a free port. Returns its URL parts and `stop()`, which
 * ends the whole process group (code-server, the extension host and our language server).
 */
export async function startCodeServer({ port = 0, settings = {}, env = {}, log = () => {} } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'k8s-svc-code-'));
  for (const dir of ['ud/User', 'ext', 'cfg', 'data']) mkdirSync(path.join(tmp, dir), { recursive: true });
  writeFileSync(path.join(tmp, 'ud/User/settings.json'), JSON.stringify({ ...baseSettings, ...settings }, null, 2));
  const chosenPort = port || (await freePort());
  const child = spawn(
    codeServerBin,
    [
      '--bind-addr', `127.0.0.1:${chosenPort}`,
      '--auth', 'none',
      '--user-data-dir', path.join(tmp, 'ud'),
      '--extensions-dir', path.join(tmp, 'ext'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    {
      env: { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}', XDG_CONFIG_HOME: path.join(tmp, 'cfg'), XDG_DATA_HOME: path.join(tmp, 'data'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const logFile = path.join(tmp, 'code-server.log');
  const logStream = createWriteStream(logFile);
  child.stdout.pipe(logStream);
  child.stderr.pipe(logStream);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start in 60 s; see ${logFile}`)), 60_000);
    child.stdout.on('data', (data) => {
      if (/HTTP server listening/.test(String(data))) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code}; see ${logFile}`));
    });
  });
  log(`code-server listening on 127.0.0.1:${chosenPort} (logs: ${logFile})`);
  const host = `127.0.0.1:${chosenPort}`;
  let stopped = false;
  return {
    host,
    tmp,
    logFile,
    /** The workbench URL for a folder, with our extension loaded for development (and tests). */
    url({ folder, extensionTestsPath } = {}) {
      const payload = [['extensionDevelopmentPath', `vscode-remote://${host}${repoRoot}`], ['skipWelcome', 'true']];
      if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${host}${extensionTestsPath}`]);
      return `http://${host}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      for (let i = 0; i < 20; i++) {
        try {
          process.kill(-child.pid, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** Launches Debian's chromium headless (never a downloaded browser) with a fresh profile. */
export async function launchBrowser({ headless = true, viewport = { width: 1280, height: 800 } } = {}) {
  const { chromium } = require('playwright-core');
  const profile = mkdtempSync(path.join(os.tmpdir(), 'k8s-svc-chrome-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Hovers the editor word until a hover containing `expected` shows. The language server starts
 * with the first YAML file, so the first tries may come too early.
 */
export async function hoverUntil(page, word, expected, attempts = 15) {
  const target = page.locator('.part.editor .monaco-editor .view-lines span', { hasText: word }).first();
  const hover = page.locator('.monaco-hover:visible', { hasText: expected }).first();
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(5, 5);
    await target.hover();
    try {
      await hover.waitFor({ timeout: 3_000 });
      return;
    } catch {
      if (attempt >= attempts) throw new Error(`no hover with "${expected}" over ${word}`);
    }
  }
}

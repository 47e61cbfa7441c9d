/**
 * Runs the e2e suite with @vscode/test-electron, on machines that can download VS Code
 * (`npm run test:electron`). It opens a temporary copy of examples/. Here, where VS Code's
 * download servers are unreachable, `npm run test:e2e` runs the same suite in code-server.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const workspace = mkdtempSync(path.join(tmpdir(), 'k8s-svc-ws-'));
  cpSync(path.join(root, 'examples'), workspace, { recursive: true });
  for (const version of [process.env.VSCODE_VERSION ?? '1.100.3', 'stable']) {
    await runTests({
      version,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  }
}

main().catch((error: unknown) => {
  console.error(`test-electron run failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

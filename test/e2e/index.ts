/**
 * Entry point of the e2e suite, the one @vscode/test-electron and our code-server launcher
 * both load in the extension host (`extensionTestsPath`).
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.addFile(path.resolve(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { tests: 0, passes: 0, failures, duration: 0 };
      // The plain closing line CI counts; stats also count failures in hooks.
      console.log(`${stats.passes} passed, ${stats.failures} failed`);
      if (process.env.E2E_RESULTS) writeFileSync(process.env.E2E_RESULTS, JSON.stringify(stats));
      if (failures > 0 || stats.passes === 0) reject(new Error(`${failures} e2e tests failed`));
      else resolve();
    });
  });
}

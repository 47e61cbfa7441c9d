// Bundles the client, the server and the CLI into dist/ (what the .vsix ships and what
// `node dist/server.js --stdio` runs). `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
// Some dependencies are ES modules that use import.meta.url; in a CommonJS bundle it is
// rebuilt from __filename.
const importMetaUrl = "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;";
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'info',
  define: { 'import.meta.url': '__importMetaUrl' },
  // yaml's ES module build instead of its CommonJS one: esbuild then links our calls into it
  // directly, where the CommonJS interop went through a property getter on every call (the
  // profile of opening a 1 MB file showed ~35 ms in those getters alone). Same code, same
  // version; only the module format differs.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
};
/**
 * vscode-jsonrpc and vscode-languageserver load child_process, crypto and net when they start,
 * for pipes, sockets and global module lookups the server never uses over stdio or node-ipc.
 * Loading them costs about 10 ms of every server start: the server bundle gets a stand-in for
 * each that loads the real module on first use (they are only used as `module.member`).
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(child_process|crypto|net)$/ }, (args) => (/node_modules[\\/]vscode-/.test(args.importer) ? { path: args.path, namespace: 'lazy-builtin' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let loaded; const load = () => (loaded ??= require('node:${args.path}'));
module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load(), ownKeys: () => Reflect.ownKeys(load()), getOwnPropertyDescriptor: (_, key) => Object.getOwnPropertyDescriptor(load(), key) });`,
      loader: 'js',
    }));
  },
};

const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'], banner: { js: importMetaUrl } },
  // dist/server.js is a small loader that runs dist/server-main.js with a V8 code cache (start.ts).
  { ...common, entryPoints: { server: 'server/src/start.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { 'server-main': 'server/src/server.ts' }, outdir: 'dist', banner: { js: importMetaUrl }, plugins: [lazyBuiltins] },
  { ...common, entryPoints: { cli: 'server/src/cli.ts' }, outdir: 'dist', banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` } },
];
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

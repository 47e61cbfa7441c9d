/**
 * The server's entry point (`dist/server.js`): loads the server bundle (`dist/server-main.js`)
 * with a V8 code cache, so a restart does not compile the same megabyte of JavaScript again.
 * Node 22 does this itself (`module.enableCompileCache`); the Node 20 of our CI and of VS Code's
 * Electron does not. Without a usable cache (first start, another Node, a rebuilt bundle) the
 * bundle is compiled as usual and a cache is written for the next start; any failure on the way
 * falls back to a plain `require`.
 *
 * Kept tiny and free of other modules: everything here runs before the server can answer.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

// The live heap stays small (about 50 MB with a 5 MB file open), but every edit of a large file
// leaves a few megabytes of garbage (the previous text, its line table). With V8's default heap
// growth that garbage piles up to several times the live size before a full collection; growing
// the heap by at most 20% over what survived keeps the peak near the live size, at no measurable
// cost per edit (README, Performance). Set before anything is compiled: V8's code cache records
// the flags it was made with.
setFlagsFromString('--heap-growing-percent=20');
// Lets the server collect the garbage of opening a large file at once, while the editor is busy
// showing its diagnostics, instead of in a pause during the user's next request (server.ts).
setFlagsFromString('--expose-gc');

const main = path.join(__dirname, 'server-main.js');

function cacheFile(): string {
  const { size, mtimeMs } = statSync(main);
  // One file per bundle and V8 version; V8 itself rejects a cache that does not fit.
  const key = `${size}-${Math.round(mtimeMs)}-${process.versions.v8}-${process.arch}`.replace(/[^\w.-]/g, '_');
  return path.join(tmpdir(), 'k8s-service-yaml-v8-cache', `server-main-${key}.bin`);
}

/** Caches of earlier builds go after a day unused (each build of the bundle writes its own). */
function forgetOldCaches(dir: string, keep: string): void {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (file !== keep && name.startsWith('server-main-') && statSync(file).atimeMs < dayAgo) rmSync(file, { force: true });
  }
}

type CompiledModule = (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;

/** Compiles the bundle with the cache when there is one; arranges for a cache to be written otherwise. */
function compileWithCache(): CompiledModule {
  const source = readFileSync(main, 'utf8');
  const cache = cacheFile();
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cache);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: main, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written when the server stops, so it also holds the functions compiled while it ran.
    process.once('exit', () => {
      try {
        mkdirSync(path.dirname(cache), { recursive: true });
        const partial = `${cache}.${process.pid}`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cache);
        forgetOldCaches(path.dirname(cache), cache);
      } catch {
        // No cache next time: the server only starts a little slower.
      }
    });
  }
  return script.runInThisContext() as CompiledModule;
}

let compiled: CompiledModule | undefined;
try {
  compiled = compileWithCache();
} catch {
  compiled = undefined;
}
if (compiled) {
  const module = new Module(main, require.main);
  module.filename = main;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(main));
  compiled.call(module.exports, module.exports, Module.createRequire(main), module, main, path.dirname(main));
} else {
  require(main);
}

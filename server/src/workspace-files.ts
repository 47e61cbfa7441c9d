/**
 * The server's side of the workspace index: finding the YAML files of the workspace folders
 * (skipping `node_modules`, `.git` and `files.exclude`), reading them without blocking the
 * requests in between, and keeping the index current from file events. Open documents win over
 * the disk: the server feeds their text itself.
 */
import { readFile } from 'node:fs/promises';
import { URI } from 'vscode-uri';
import * as path from 'node:path';
import { escapePath, glob } from 'tinyglobby';
import type { WorkspaceIndex } from './core/workspace/index';

/** Globs of `files.exclude` that are switched on, as ignore patterns. */
export function excludePatterns(filesExclude: unknown): string[] {
  const patterns = ['**/node_modules/**', '**/.git/**'];
  if (filesExclude && typeof filesExclude === 'object') {
    for (const [pattern, on] of Object.entries(filesExclude as Record<string, unknown>)) {
      if (on === true) patterns.push(pattern, `${pattern.replace(/\/$/, '')}/**`);
    }
  }
  return patterns;
}

export async function yamlFiles(folder: string, ignore: string[]): Promise<string[]> {
  return glob(yamlPattern, { cwd: folder, ignore, absolute: true, dot: false, followSymbolicLinks: false });
}

const yamlPattern = '**/*.{yaml,yml}';

/**
 * Whether a file the watcher reports is one the scan would index: inside a workspace folder and
 * not ignored (`node_modules`, `.git`, `files.exclude`). Same matcher as the scan, on this one path.
 */
export async function isWorkspaceYaml(folders: readonly string[], file: string, ignore: string[]): Promise<boolean> {
  for (const folder of folders) {
    const relative = path.relative(folder, file);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const found = await glob(escapePath(relative.split(path.sep).join('/')), { cwd: folder, ignore, dot: false, followSymbolicLinks: false, expandDirectories: false });
    if (found.length > 0) return true;
  }
  return false;
}

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Reads and indexes files, a batch at a time, skipping those open in the editor. */
export async function indexFiles(index: WorkspaceIndex, paths: string[], isOpen: (uri: string) => boolean, maxFileSize: number): Promise<number> {
  let count = 0;
  for (let i = 0; i < paths.length; i += 50) {
    // An open file is indexed from the editor's text: not read (decoding a large file takes the
    // main thread for milliseconds).
    const batch = paths.slice(i, i + 50).filter((p) => !isOpen(URI.file(p).toString()));
    const texts = await Promise.all(batch.map((p) => readFile(p, 'utf8').catch(() => undefined)));
    batch.forEach((p, j) => {
      const uri = URI.file(p).toString();
      const text = texts[j];
      if (text === undefined || isOpen(uri) || text.length > maxFileSize) return;
      index.update(uri, text);
      count++;
    });
    await yieldToRequests();
  }
  return count;
}

/** Re-reads one file from disk (after a change event, or when its editor closed). */
export async function reindexFromDisk(index: WorkspaceIndex, uri: string, maxFileSize: number, isOpen: (uri: string) => boolean = () => false): Promise<void> {
  const parsed = URI.parse(uri);
  if (parsed.scheme !== 'file') {
    if (!isOpen(uri)) index.remove(uri);
    return;
  }
  let text: string | undefined;
  try {
    text = await readFile(parsed.fsPath, 'utf8');
  } catch {
    text = undefined;
  }
  // Opened again while the disk was read: the editor's text is what the index holds.
  if (isOpen(uri)) return;
  if (text !== undefined && text.length <= maxFileSize) index.update(uri, text);
  else index.remove(uri);
}

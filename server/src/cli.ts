/**
 * k8s-service-lint: the language core as a command for CI pipelines.
 *
 *   k8s-service-lint [--format text|json|sarif] [--locale en|ko] FILE|DIR|GLOB...
 *
 * Exit status: 0 when no errors were found, 1 when some were, 2 when an input could not be
 * read (or the arguments are wrong). Positions in the output are one-based.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { createLanguageCore, toLocale, type Locale, type Problem } from './core/index';

type Format = 'text' | 'json' | 'sarif';

interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Problem['severity'];
  code: string;
  message: string;
  path: string;
  /** The stage of kubectl create that reports it (`decode`, `registry`, `validation`, `lint`, ...). */
  stage?: string;
  /** The API server would report this one in its first answer (later stages are hidden by it). */
  reportedFirst?: boolean;
}

const usage = `Usage: k8s-service-lint [--format text|json|sarif] [--locale en|ko] FILE|DIR|GLOB...

Checks Kubernetes Service manifests the way the API server would.
Exit status: 0 clean, 1 errors found, 2 unreadable input or bad arguments.`;

interface Options {
  format: Format;
  locale: Locale;
  inputs: string[];
}

function parseArguments(argv: string[]): Options | string {
  const options: Options = { format: 'text', locale: toLocale(process.env.LANG), inputs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--format' || flag === '--locale') {
      const value = inline ?? argv[++i];
      if (flag === '--format') {
        if (value !== 'text' && value !== 'json' && value !== 'sarif') return `--format must be text, json or sarif (got ${value ?? 'nothing'})`;
        options.format = value;
      } else {
        if (value !== 'en' && value !== 'ko') return `--locale must be en or ko (got ${value ?? 'nothing'})`;
        options.locale = value;
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option ${arg}`;
    } else {
      options.inputs.push(arg);
    }
  }
  return options.inputs.length === 0 ? 'no input files' : options;
}

/** Expands directories (their .yaml/.yml files, recursively) and glob patterns. */
function expand(input: string): string[] | undefined {
  if (isDynamicPattern(input)) return globSync(input, { ignore: ['**/node_modules/**', '**/.git/**'] }).sort();
  let stats;
  try {
    stats = statSync(input);
  } catch {
    return undefined;
  }
  if (stats.isDirectory()) {
    return globSync('**/*.{yaml,yml}', { cwd: input, ignore: ['**/node_modules/**', '**/.git/**'] })
      .sort()
      .map((f) => path.join(input, f));
  }
  return [input];
}

function lintText(file: string, text: string, locale: Locale): Finding[] {
  const core = createLanguageCore({ locale });
  return core.validate(core.parse(text.replace(/^\uFEFF/, ''))).map((p) => ({
    file,
    line: p.range.start.line + 1,
    column: p.range.start.character + 1,
    endLine: p.range.end.line + 1,
    endColumn: p.range.end.character + 1,
    severity: p.severity,
    code: p.code,
    message: p.message,
    path: p.path,
    ...(p.stage ? { stage: p.stage } : {}),
    ...(p.data?.reportedFirst ? { reportedFirst: true } : {}),
  }));
}

function sarif(findings: Finding[]): unknown {
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  const level = (s: Finding['severity']) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'k8s-service-lint', informationUri: 'https://kubernetes.io/docs/concepts/services-networking/service/', rules: codes.map((id) => ({ id })) } },
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: codes.indexOf(f.code),
          level: level(f.severity),
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split(path.sep).join('/') },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
              ...(f.path ? { logicalLocations: [{ fullyQualifiedName: f.path, kind: 'member' }] } : {}),
            },
          ],
        })),
      },
    ],
  };
}

export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  const options = parseArguments(argv);
  if (options === 'help') {
    out(usage);
    return 0;
  }
  if (typeof options === 'string') {
    err(`k8s-service-lint: ${options}\n${usage}`);
    return 2;
  }
  let unreadable = false;
  const findings: Finding[] = [];
  for (const input of options.inputs) {
    const files = input === '-' ? ['-'] : expand(input);
    if (!files || files.length === 0) {
      err(`k8s-service-lint: cannot read ${input}: no such file, directory or matching files`);
      unreadable = true;
      continue;
    }
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file === '-' ? 0 : file, 'utf8');
      } catch (error) {
        err(`k8s-service-lint: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        unreadable = true;
        continue;
      }
      findings.push(...lintText(file === '-' ? '<stdin>' : file, text, options.locale));
    }
  }
  if (options.format === 'json') out(JSON.stringify(findings, null, 2));
  else if (options.format === 'sarif') out(JSON.stringify(sarif(findings), null, 2));
  else for (const f of findings) out(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`);
  if (unreadable) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`));
}

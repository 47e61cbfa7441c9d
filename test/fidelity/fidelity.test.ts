/**
 * Fidelity suite: does our CLI agree with what the API server answers to `kubectl create -f`?
 *
 * Every file in `test/fidelity/cases/` is a Service manifest whose header states the outcome in
 * the reference environment of `service-validation-rules.md` (single-stack IPv4, service CIDR
 * 10.96.0.0/12, node ports 30000-32767, namespace `default`, no webhooks, kubectl and server
 * v1.30+):
 *
 *   # expect: reject            (or `# expect: accept`)
 *   # document: 2               (optional, multi-document files: the list below is for document 2)
 *   # - spec.ports[0].name Invalid
 *   # rule: 35                  (the rule numbers of the notes the case exercises)
 *   # source: validateServicePort / ValidateDNS1123Label
 *
 * The listed errors are exactly those the server (or kubectl) reports first: a decode-stage
 * failure hides validation, a registry pre-check hides ValidateService, kubectl-side failures
 * stop before the server. Paths are the server's (`spec.clusterIPs[0]` for `clusterIP: bogus`,
 * `spec.LoadBalancerSourceRanges`, `""` for YAML syntax). Documents are numbered from 1 in file
 * order, empty ones included; a leading `---` does not open an extra document.
 *
 * The real CLI runs once over the whole directory; for each case we compare
 * - the verdict: we reject when we report any error in the file;
 * - the paths: those of our errors marked `reportedFirst`, per document, against the header.
 * Figures go to the console and to `test-results/fidelity.json`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const casesDir = path.join(root, 'test', 'fidelity', 'cases');
const cli = path.join(root, 'dist', 'cli.js');
const resultsFile = path.join(root, 'test-results', 'fidelity.json');

/** Targets the suite asserts. */
const targets = { verdictRate: 1, falseErrors: 0, pathRate: 0.98, minCases: 110 };

/** Error words of the server (field error types) and of the stages before it. */
const errorTypes = new Set([
  'Required',
  'Invalid',
  'Forbidden',
  'Duplicate',
  'NotSupported',
  'TooLong',
  'UnknownField',
  'TypeMismatch',
  'YAMLSyntax',
  'ClientValidation',
  'NoKindMatch',
  // Non-field answers of the storage layer (rules 59, 60 of the notes).
  'AlreadyExists',
  'InternalError',
]);

/**
 * Rules of `service-validation-rules.md` that no case can decide from the file alone, with the
 * reason. Every other rule number from 1 to 61 must be named by at least one case.
 */
const notDecidable: Record<number, string> = {
  7: 'unreachable from YAML: kubectl collapses duplicate keys before the server sees them (rule 2)',
  9: 'whether a namespace exists depends on the cluster (only `default` is assumed)',
  16: 'depends on the IP families configured on the cluster',
  17: 'clusterIP allocation depends on the service CIDR and on what is already allocated',
  18: 'nodePort allocation depends on the node-port range and on what is already allocated',
  19: 'healthCheckNodePort allocation depends on the cluster (and answers with a 500)',
  23: 'unreachable: NamespaceLifecycle (rule 9) rejects an invalid namespace before validation',
};
const decidableRules = Array.from({ length: 61 }, (_, i) => i + 1).filter((rule) => !(rule in notDecidable));

interface ExpectedError {
  document: number;
  path: string;
  type: string;
}

interface Case {
  file: string;
  text: string;
  verdict?: 'accept' | 'reject';
  errors: ExpectedError[];
  rules: number[];
  source?: string;
  /** What is wrong with the header itself. */
  problems: string[];
  documentStarts: number[];
}

/** Zero-based lines where each YAML document of the file starts (see the file comment). */
function documentStarts(text: string): number[] {
  const starts = [0];
  let opened = false;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (/^---(\s|$)/.test(line)) {
      if (opened) starts.push(i);
      else starts[0] = i;
      opened = true;
    } else if (!opened && line.trim() !== '' && !line.trimStart().startsWith('#')) {
      opened = true;
    }
  });
  return starts;
}

/** One-based document number of a one-based line. */
function documentOf(starts: number[], line: number): number {
  let document = 1;
  for (let i = 0; i < starts.length; i++) if (starts[i] <= line - 1) document = i + 1;
  return document;
}

function parseCase(file: string): Case {
  const text = readFileSync(path.join(casesDir, file), 'utf8');
  const result: Case = { file, text, errors: [], rules: [], problems: [], documentStarts: documentStarts(text) };
  let document = 1;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (!line.startsWith('#')) break;
    let m: RegExpExecArray | null;
    if ((m = /^#\s*expect:\s*(\S+)\s*$/.exec(line))) {
      if (result.verdict) result.problems.push('more than one `# expect:` line');
      if (m[1] === 'accept' || m[1] === 'reject') result.verdict = m[1];
      else result.problems.push(`unknown verdict ${m[1]}`);
    } else if ((m = /^#\s*document:\s*(\d+)\s*$/.exec(line))) {
      document = Number(m[1]);
      if (document < 1 || document > result.documentStarts.length) result.problems.push(`document ${document} does not exist (the file has ${result.documentStarts.length})`);
    } else if ((m = /^#\s*-\s+(\S+)\s+(\S+)\s*$/.exec(line))) {
      const fieldPath = m[1] === '""' ? '' : m[1];
      if (!errorTypes.has(m[2])) result.problems.push(`unknown error type ${m[2]}`);
      result.errors.push({ document, path: fieldPath, type: m[2] });
    } else if ((m = /^#\s*rule:\s*(.+)$/.exec(line))) {
      for (const part of m[1].split(',')) {
        const rule = Number(part.trim());
        if (!Number.isInteger(rule) || rule < 1 || rule > 61) result.problems.push(`bad rule number ${part.trim()}`);
        else result.rules.push(rule);
      }
    } else if ((m = /^#\s*source:\s*(.+)$/.exec(line))) {
      result.source = m[1];
    } else if (/^#\s*(expect|document|rule|source)\b/.test(line) || /^#\s*-/.test(line)) {
      result.problems.push(`malformed header line: ${line}`);
    }
  }
  if (!result.verdict) result.problems.push('no `# expect: accept|reject` line');
  if (result.verdict === 'accept' && result.errors.length > 0) result.problems.push('an accepted case lists errors');
  if (result.verdict === 'reject' && result.errors.length === 0) result.problems.push('a rejected case lists no errors');
  if (result.rules.length === 0) result.problems.push('no `# rule:` line');
  if (!result.source) result.problems.push('no `# source:` line');
  return result;
}

let loaded: Case[] | undefined;
function cases(): Case[] {
  loaded ??= readdirSync(casesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map(parseCase);
  return loaded;
}

interface Finding {
  file: string;
  line: number;
  severity: string;
  code: string;
  path: string;
  stage?: string;
  reportedFirst?: boolean;
}

interface Outcome {
  file: string;
  rules: number[];
  expected: { verdict: 'accept' | 'reject'; paths: string[] };
  ours: { verdict: 'accept' | 'reject'; paths: string[]; codes: string[] };
  verdictAgrees: boolean;
  pathsAgree: boolean;
  pathsSubset: boolean;
}

interface Figures {
  cases: number;
  accept: number;
  reject: number;
  verdict: { agree: number; total: number; rate: number };
  falseErrors: number;
  missedRejections: number;
  paths: { exact: number; subset: number; total: number; rate: number; subsetRate: number };
  disagreements: Outcome[];
  disagreementsByRule: Record<string, string[]>;
}

/** `document:path` keys, so multi-document files compare per document. */
function key(document: number, fieldPath: string): string {
  return `${document}:${fieldPath}`;
}

function runCli(): Finding[] {
  assert.ok(existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
  const result = spawnSync(process.execPath, [cli, '--format', 'json', path.relative(root, casesDir) || '.'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, LANG: 'C.UTF-8' },
  });
  assert.ok(result.status === 0 || result.status === 1, `the CLI exited with ${result.status}: ${result.stderr || result.error?.message}`);
  const parsed: unknown = JSON.parse(result.stdout || '[]');
  assert.ok(Array.isArray(parsed), 'the CLI did not print a JSON array');
  return parsed as Finding[];
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function summary(verdict: 'accept' | 'reject', paths: string[]): string {
  if (verdict === 'accept') return 'accept';
  return `reject: ${paths.map((p) => (p.startsWith('1:') ? p.slice(2) : `doc ${p}`) || '""').join(', ') || '(no reportedFirst path)'}`;
}

let computed: Figures | undefined;
function figures(): Figures {
  if (computed) return computed;
  const all = cases();
  const findings = runCli();
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const file = path.resolve(root, f.file);
    byFile.set(file, [...(byFile.get(file) ?? []), f]);
  }
  const outcomes: Outcome[] = all.map((c) => {
    const ours = (byFile.get(path.join(casesDir, c.file)) ?? []).filter((f) => f.severity === 'error');
    const ourVerdict = ours.length > 0 ? 'reject' : 'accept';
    const ourPaths = [...new Set(ours.filter((f) => f.reportedFirst).map((f) => key(documentOf(c.documentStarts, f.line), f.path ?? '')))].sort();
    const expectedPaths = [...new Set(c.errors.map((e) => key(e.document, e.path)))].sort();
    const verdict = c.verdict ?? 'accept';
    const pathsAgree = verdict === 'reject' && ourVerdict === 'reject' && expectedPaths.length === ourPaths.length && expectedPaths.every((p, i) => p === ourPaths[i]);
    const pathsSubset = verdict === 'reject' && ourVerdict === 'reject' && expectedPaths.every((p) => ourPaths.includes(p));
    return {
      file: c.file,
      rules: c.rules,
      expected: { verdict, paths: expectedPaths },
      ours: { verdict: ourVerdict, paths: ourPaths, codes: [...new Set(ours.map((f) => f.code))].sort() },
      verdictAgrees: verdict === ourVerdict,
      pathsAgree,
      pathsSubset,
    };
  });
  const rejects = outcomes.filter((o) => o.expected.verdict === 'reject');
  const agree = outcomes.filter((o) => o.verdictAgrees).length;
  const exact = rejects.filter((o) => o.pathsAgree).length;
  const subset = rejects.filter((o) => o.pathsSubset).length;
  const disagreements = outcomes.filter((o) => !o.verdictAgrees || (o.expected.verdict === 'reject' && !o.pathsAgree));
  const disagreementsByRule: Record<string, string[]> = {};
  for (const o of disagreements) for (const rule of o.rules) (disagreementsByRule[rule] ??= []).push(o.file);
  computed = {
    cases: outcomes.length,
    accept: outcomes.length - rejects.length,
    reject: rejects.length,
    verdict: { agree, total: outcomes.length, rate: outcomes.length ? agree / outcomes.length : 0 },
    falseErrors: outcomes.filter((o) => o.expected.verdict === 'accept' && o.ours.verdict === 'reject').length,
    missedRejections: outcomes.filter((o) => o.expected.verdict === 'reject' && o.ours.verdict === 'accept').length,
    paths: { exact, subset, total: rejects.length, rate: rejects.length ? exact / rejects.length : 0, subsetRate: rejects.length ? subset / rejects.length : 0 },
    disagreements,
    disagreementsByRule,
  };
  report(computed);
  return computed;
}

function report(f: Figures): void {
  if (f.disagreements.length > 0) {
    const rows = f.disagreements.map((o) => [o.file, summary(o.expected.verdict, o.expected.paths), summary(o.ours.verdict, o.ours.paths)]);
    const widths = [0, 1].map((i) => Math.max(i === 0 ? 4 : 8, ...rows.map((r) => r[i].length)));
    console.log(`fidelity: ${f.disagreements.length} disagreeing case(s)`);
    console.log(`${'file'.padEnd(widths[0])}  ${'expected'.padEnd(widths[1])}  ours`);
    for (const r of rows) console.log(`${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`);
    console.log('fidelity: disagreements by rule');
    for (const rule of Object.keys(f.disagreementsByRule).sort((a, b) => Number(a) - Number(b))) {
      console.log(`  rule ${rule}: ${f.disagreementsByRule[rule].join(', ')}`);
    }
  }
  console.log(
    `fidelity: verdict ${f.verdict.agree}/${f.verdict.total} (${percent(f.verdict.rate)}), false errors ${f.falseErrors}, ` +
      `path agreement ${f.paths.exact}/${f.paths.total} (${percent(f.paths.rate)})`,
  );
  console.log(
    `fidelity: ${f.cases} cases (${f.accept} accept, ${f.reject} reject), missed rejections ${f.missedRejections}, ` +
      `expected paths within ours ${f.paths.subset}/${f.paths.total} (${percent(f.paths.subsetRate)})`,
  );
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify({ generatedAt: new Date().toISOString(), targets, ...f }, null, 2)}\n`);
}

test('fidelity: every case file has a valid expectation header', () => {
  const all = cases();
  const problems = all.flatMap((c) => c.problems.map((p) => `${c.file}: ${p}`));
  assert.deepEqual(problems, []);
  assert.ok(all.length >= targets.minCases, `only ${all.length} cases, want at least ${targets.minCases}`);
  const bad = all.filter((c) => !/^\d{3}-[a-z0-9]+(-[a-z0-9]+)*\.yaml$/.test(c.file)).map((c) => c.file);
  assert.deepEqual(bad, [], 'case files are named like 043-node-port-on-cluster-ip.yaml');
  const accepted = all.filter((c) => c.verdict === 'accept').length / all.length;
  assert.ok(accepted >= 0.4 && accepted <= 0.5, `accepted cases are ${percent(accepted)} of the suite, want about 45%`);
});

test('fidelity: every rule decidable from the file has a case', () => {
  const covered = new Set(cases().flatMap((c) => c.rules));
  assert.deepEqual(decidableRules.filter((rule) => !covered.has(rule)), []);
});

test('fidelity: our verdict agrees with the API server on every case', () => {
  const f = figures();
  assert.ok(
    f.verdict.rate >= targets.verdictRate,
    `verdict agreement ${percent(f.verdict.rate)}: ${f.disagreements.filter((o) => !o.verdictAgrees).map((o) => o.file).join(', ')}`,
  );
});

test('fidelity: no false errors (nothing the server accepts is rejected)', () => {
  const f = figures();
  const files = f.disagreements.filter((o) => o.expected.verdict === 'accept' && o.ours.verdict === 'reject').map((o) => `${o.file} (${o.ours.codes.join(', ')})`);
  assert.equal(f.falseErrors, targets.falseErrors, `false errors: ${files.join(', ')}`);
});

test('fidelity: the paths we report first agree with the server on at least 98% of rejected cases', () => {
  const f = figures();
  assert.ok(f.paths.rate >= targets.pathRate, `path agreement ${f.paths.exact}/${f.paths.total} (${percent(f.paths.rate)})`);
});

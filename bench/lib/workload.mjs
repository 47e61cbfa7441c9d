/**
 * The benchmark's workload: multi-document YAML files with N Services, each preceded by the
 * Deployment it selects, with a deliberate mistake in every 10th Service (alternately a
 * lower-case `protocol: tcp` and a mis-cased `targetport` key), plus the positions used for
 * edits, completion and hover.
 */

/** Zero-padded so every file line has a fixed width whatever N is. */
const pad = (i) => String(i).padStart(5, '0');

/** Which mistake (if any) Service `i` carries: Services 0, 10, 20, ... alternate the two. */
function mistakeOf(i) {
  if (i % 10 !== 0) return undefined;
  return (i / 10) % 2 === 0 ? 'protocol' : 'targetport';
}

function deployment(i) {
  const app = `app-${pad(i)}`;
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${app}`,
    '  namespace: production',
    '  labels:',
    `    app: ${app}`,
    '  annotations:',
    `    description: back end of ${app}, scaled independently of the front end and the database`,
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels:',
    `      app: ${app}`,
    '      tier: backend',
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${app}`,
    '        tier: backend',
    '    spec:',
    '      containers:',
    '      - name: web',
    `        image: registry.example.com/platform/${app}:1.27.3-bookworm`,
    '        ports:',
    '        - name: http',
    '          containerPort: 8080',
    '        env:',
    '        - name: LOG_LEVEL',
    '          value: info',
    '        resources:',
    '          requests:',
    '            cpu: 100m',
    '            memory: 128Mi',
  ];
}

function service(i) {
  const app = `app-${pad(i)}`;
  const mistake = mistakeOf(i);
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: svc-${pad(i)}-a`,
    '  namespace: production',
    '  labels:',
    `    app: ${app}`,
    '  annotations:',
    `    description: one stable in-cluster virtual IP address for the pods of ${app} (ClusterIP)`,
    'spec:',
    '  type: ClusterIP',
    '  selector:',
    `    app: ${app}`,
    '    tier: backend',
    '  ports:',
    '  - name: http',
    '    port: 80',
    mistake === 'targetport' ? '    targetport: 8080' : '    targetPort: 8080',
    mistake === 'protocol' ? '    protocol: tcp' : '    protocol: TCP',
  ];
}

/**
 * Builds the file for `n` Services. Returns the text plus the positions (0-based LSP
 * line/character) in the middle Service that the benchmark edits and queries.
 */
export function generateWorkload(n) {
  const lines = [];
  let middle;
  const m = Math.floor(n / 2);
  for (let i = 0; i < n; i++) {
    if (i > 0) lines.push('---');
    lines.push(...deployment(i));
    lines.push('---');
    const start = lines.length;
    lines.push(...service(i));
    if (i === m) middle = start;
  }
  const text = `${lines.join('\n')}\n`;
  const at = (offset, needle) => {
    const line = middle + offset;
    const character = lines[line].indexOf(needle);
    if (character < 0) throw new Error(`workload: ${needle} not on line ${line}`);
    return { line, character };
  };
  const nameEnd = at(3, `-a`);
  const protocolKey = at(18, 'protocol');
  const protocolValue = at(18, mistakeOf(m) === 'protocol' ? 'tcp' : 'TCP');
  return {
    n,
    text,
    lines: lines.length,
    bytes: Buffer.byteLength(text),
    documents: 2 * n,
    mistakes: Array.from({ length: n }, (_, i) => mistakeOf(i)).filter(Boolean).length,
    /** The character toggled by the edit loop: the last letter of the middle Service's name. */
    edit: { line: nameEnd.line, character: nameEnd.character + 1, from: 'a', to: 'b' },
    /** Where Enter is typed (and taken back): the end of the middle Service's name line. */
    enter: { line: nameEnd.line, character: lines[nameEnd.line].length },
    /** Completion and hover positions: inside the `protocol` key, and inside its value. */
    key: { line: protocolKey.line, character: protocolKey.character + 3 },
    value: { line: protocolValue.line, character: protocolValue.character + 1 },
  };
}

/**
 * Reading YAML scalars exactly as kubectl does.
 *
 * kubectl turns each document into JSON with sigs.k8s.io/yaml `YAMLToJSON`: go-yaml v2 (the
 * `goyaml.v2` fork) decodes the document into `interface{}`, `convertToJSONableObject` makes the
 * map keys strings, and `json.Marshal` writes the JSON the API server receives. The `yaml`
 * package's YAML 1.1 schema is close to go-yaml v2's `resolve` (resolve.go) but not equal, so the
 * number, timestamp and binary tags are replaced here by ones that ask a port of that function:
 *
 * - sexagesimal `1:20` is a string (go-yaml v2 `resolve`: "Base 60 floats are a bad idea ... and
 *   are purposefully unsupported here"); the `yaml` package made it the number 80;
 * - `0o17`, `0O17`, `0X1F`, `0B101` are numbers (go-yaml v2 `resolve` calls `strconv.ParseInt(plain,
 *   0, 64)`, and Go's base 0 takes the prefixes 0b/0o/0x in either case); the `yaml` package left
 *   them strings;
 * - underscores are removed from the whole scalar before the number is read (`strings.Replace(in,
 *   "_", "", -1)`), so `-_1`, `0_x1F` and `1e_3` are numbers;
 * - a scalar starting with `.` is a number only if `strconv.ParseFloat` reads it: `.`, `._5`,
 *   `.e3` stay strings (the `yaml` package made them NaN or 0.5);
 * - a float too large for float64 (`1e400`) makes `strconv.ParseFloat` fail, so it stays a string
 *   (the `yaml` package made it Infinity);
 * - integers past uint64 written with 0x, 0o or 0b are big integers (`big.Int.SetString`, a JSON
 *   number); past int64 and uint64 in decimal they are float64 (`yamlStyleFloat`), and so is a
 *   leading-0 octal that long (read as decimal digits);
 * - timestamps (`2024-01-01`) decoded into `interface{}` keep their text (decoder.scalar: "for
 *   backward compatibility reasons we set it as a string"); the `yaml` package made a Date;
 * - `!!binary` is decoded to the string of its bytes (decoder.scalar), not a Uint8Array;
 * - an explicit `!!int`, `!!float`, `!!bool`, `!!null` or `!!timestamp` whose text is something else
 *   fails the whole document (`resolve`'s deferred `failf("cannot decode %s `%s` as a %s")`); an int
 *   under `!!float` becomes a float;
 * - `!!omap`, `!!pairs` and `!!set` mean nothing to go-yaml v2 (decoder.mapping and
 *   decoder.sequence ignore collection tags): the collections stay a plain list and map.
 *
 * What already matched is kept from the `yaml` package: the null and boolean tags (their words
 * are exactly go-yaml v2's `resolveMapList`: `~`, `null`, `y`, `Y`, `yes`, `on`, `off`, `n`, ...),
 * merge keys `<<`, quoted and block scalars always being strings, and duplicate keys (the last one
 * wins). `.inf`/`.nan` and `017`/`0x1F`/`1_000` resolve as before, now through the port.
 *
 * The big-integer step is the kubernetes-sigs `goyaml.v2` fork's (upstream go-yaml v2.4.0 leaves such
 * a scalar a string); it only matters past 2^64.
 */
import { parse, type ParseOptions, type ScalarTag, type Tags } from 'yaml';

const TAG_PREFIX = 'tag:yaml.org,2002:';

/** go-yaml v2's resolved tags (the `yaml_*_TAG` constants) that a scalar can get into `interface{}`. */
export type GoYamlTag = 'null' | 'bool' | 'str' | 'int' | 'float' | 'timestamp';

/** What go-yaml v2 makes of a scalar, as it reaches `json.Marshal`. */
export type GoYamlResolved =
  | { tag: GoYamlTag; value: null | boolean | number | bigint | string }
  | { error: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** go-yaml v2 `resolve.go` init(): the words looked up whole before anything else (`resolveMapList`). */
const resolveMap = new Map<string, { tag: GoYamlTag; value: null | boolean | number }>();
for (const word of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) resolveMap.set(word, { tag: 'bool', value: true });
for (const word of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) resolveMap.set(word, { tag: 'bool', value: false });
for (const word of ['', '~', 'null', 'Null', 'NULL']) resolveMap.set(word, { tag: 'null', value: null });
for (const word of ['.nan', '.NaN', '.NAN']) resolveMap.set(word, { tag: 'float', value: Number.NaN });
for (const word of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) resolveMap.set(word, { tag: 'float', value: Number.POSITIVE_INFINITY });
for (const word of ['-.inf', '-.Inf', '-.INF']) resolveMap.set(word, { tag: 'float', value: Number.NEGATIVE_INFINITY });
// `<<` is in the map too, as the merge tag: as a value it decodes to the string "<<" (and as a key
// decoder.mapping merges it), so it needs no entry here.

/** go-yaml v2 `resolveTable`: the first character says what a scalar may be. */
function hintOf(input: string): 'S' | 'D' | 'M' | '.' | 'N' | undefined {
  if (input === '') return 'N';
  const c = input[0];
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return undefined;
}

/** go-yaml v2 `yamlStyleFloat`, applied after underscores are removed. */
const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/**
 * Go's `strconv.ParseInt(s, 0, 64)` / `ParseUint(s, 0, 64)` syntax (underscores already removed):
 * an optional sign (ParseInt only), then `0b`/`0o`/`0x` in either case, a leading `0` for octal, or
 * decimal. Returns the unbounded value, or undefined for a syntax error.
 */
function parseGoInteger(s: string, signed: boolean): bigint | undefined {
  let negative = false;
  let body = s;
  if (signed && (body[0] === '+' || body[0] === '-')) {
    negative = body[0] === '-';
    body = body.slice(1);
  }
  let value: bigint;
  const prefix = body[1]?.toLowerCase();
  if (body[0] === '0' && body.length >= 3 && (prefix === 'b' || prefix === 'o' || prefix === 'x')) {
    const digits = body.slice(2);
    const valid = prefix === 'b' ? /^[01]+$/ : prefix === 'o' ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/;
    if (!valid.test(digits)) return undefined;
    value = BigInt(`0${prefix}${digits}`);
  } else if (body[0] === '0') {
    const digits = body.slice(1);
    if (!/^[0-7]*$/.test(digits)) return undefined;
    value = digits === '' ? 0n : BigInt(`0o${digits}`);
  } else {
    if (!/^[0-9]+$/.test(body)) return undefined;
    value = BigInt(body);
  }
  return negative ? -value : value;
}

/** Go's `strconv` underscoreOK: underscores only between digits (or after a base prefix). */
function goUnderscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/**
 * Go's `strconv.ParseFloat(in, 64)` for the scalars go-yaml v2 sends it unchanged, those starting
 * with `.` (underscores kept, so `underscoreOK` applies). Undefined for a syntax or range error.
 */
function parseGoDotFloat(input: string): number | undefined {
  if (!/^\.[0-9_]*(?:[eE][-+]?[0-9][0-9_]*)?$/.test(input) || !/^\.[_]*[0-9]/.test(input)) return undefined;
  if (input.includes('_') && !goUnderscoreOK(input)) return undefined;
  const value = Number(input.replace(/_/g, ''));
  return Number.isFinite(value) ? value : undefined;
}

/** Go's daysIn (time.Parse rejects `2024-02-30`). */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/**
 * go-yaml v2 `parseTimestamp`: `YYYY-` and then one of `allowedTimestampFormats` as `time.Parse`
 * reads them ("2006-1-2T15:4:5.999999999Z07:00", the same with `t`, "2006-1-2 15:4:5.999999999",
 * "2006-1-2"), with `time.Parse`'s range checks.
 */
function isGoTimestamp(input: string): boolean {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(?:Z|[-+]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?))?$/.exec(input);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  const hour = Number(match[4] ?? match[7] ?? 0);
  const minute = Number(match[5] ?? match[8] ?? 0);
  const second = Number(match[6] ?? match[9] ?? 0);
  return hour < 24 && minute < 60 && second < 60;
}

/** An integer as go-yaml v2 returns it (int, int64, uint64 or *big.Int all marshal as JSON numbers). */
const integer = (value: bigint): GoYamlResolved => ({ tag: 'int', value });

/**
 * A port of go-yaml v2 `resolve(tag, in)` for the tags a scalar can have when it is decoded into
 * `interface{}` ('' is a plain scalar without a tag). Integers come back as bigint.
 */
function resolveUntagged(tag: GoYamlTag | '', input: string): GoYamlResolved {
  const hint = hintOf(input);
  // "Any data is accepted as a !!str or !!binary."
  if (hint === undefined || tag === 'str') return { tag: 'str', value: input };
  const known = resolveMap.get(input);
  if (known) return known;
  if (hint === '.') {
    // "Not in the map, so maybe a normal float."
    const value = parseGoDotFloat(input);
    if (value !== undefined) return { tag: 'float', value };
  } else if (hint === 'D' || hint === 'S') {
    // "Only try values as a timestamp if the value is unquoted or there's an explicit !!timestamp tag."
    // Into interface{} the decoder keeps the text of a timestamp (decoder.scalar).
    if ((tag === '' || tag === 'timestamp') && isGoTimestamp(input)) return { tag: 'timestamp', value: input };
    const plain = input.replace(/_/g, '');
    const signed = parseGoInteger(plain, true);
    if (signed !== undefined && signed >= INT64_MIN && signed <= INT64_MAX) return integer(signed);
    const unsigned = parseGoInteger(plain, false);
    if (unsigned !== undefined && unsigned <= UINT64_MAX) return integer(unsigned);
    if (yamlStyleFloat.test(plain)) {
      // strconv.ParseFloat fails with ErrRange past float64, and the scalar stays a string.
      const value = Number(plain);
      if (Number.isFinite(value)) return { tag: 'float', value };
    }
    // The `0b`/`-0b` fallbacks of `resolve` read nothing strconv's base 0 did not. Past uint64
    // (ParseUint's ErrRange) the goyaml.v2 fork reads a *big.Int.
    if (unsigned !== undefined) return integer(unsigned);
  }
  return { tag: 'str', value: input };
}

/**
 * go-yaml v2 `resolve(tag, in)` with its deferred check: an explicit tag must match what the text
 * resolves to, except that an int may be read as a `!!float`.
 */
export function goYamlResolve(input: string, tag: GoYamlTag | '' = ''): GoYamlResolved {
  const resolved = resolveUntagged(tag, input);
  if ('error' in resolved || tag === '' || tag === 'str' || resolved.tag === tag) return resolved;
  if (tag === 'float' && resolved.tag === 'int' && typeof resolved.value === 'bigint' && resolved.value >= INT64_MIN && resolved.value <= INT64_MAX) {
    return { tag: 'float', value: Number(resolved.value) };
  }
  return { error: `cannot decode !!${resolved.tag} \`${input}\` as a !!${tag}` };
}

/** The JavaScript value of a resolved integer: a number, or a bigint with the `intAsBigInt` option. */
function jsValue(resolved: GoYamlResolved, options: ParseOptions): unknown {
  if ('error' in resolved) return undefined;
  if (typeof resolved.value === 'bigint') return options.intAsBigInt ? resolved.value : Number(resolved.value);
  return resolved.value;
}

/** A one-entry cache: each plain scalar is tested by both number tags and then resolved. */
let lastInput: string | undefined;
let lastResolved: GoYamlResolved = { tag: 'str', value: '' };
function resolvePlain(input: string): GoYamlResolved {
  if (input !== lastInput) {
    lastResolved = goYamlResolve(input);
    lastInput = input;
  }
  return lastResolved;
}

/** A `test` for the `yaml` package that asks go-yaml's `resolve` instead of matching a pattern. */
class ResolvesTo extends RegExp {
  constructor(private readonly goTag: GoYamlTag) {
    super('(?!)');
  }
  override test(input: string): boolean {
    const resolved = resolvePlain(input);
    return !('error' in resolved) && resolved.tag === this.goTag;
  }
}

/** Plain scalars that go-yaml v2 resolves to `!!int` (ParseInt/ParseUint base 0, big.Int). */
function implicitInt(base: ScalarTag | undefined): ScalarTag {
  return {
    identify: (value) => typeof value === 'bigint' || Number.isInteger(value),
    stringify: base?.stringify,
    default: true,
    tag: `${TAG_PREFIX}int`,
    test: new ResolvesTo('int'),
    resolve: (input, _onError, options) => jsValue(resolvePlain(input), options),
  };
}

/** Plain scalars that go-yaml v2 resolves to `!!float` (`.inf`, `.nan`, `yamlStyleFloat`, `.5`). */
function implicitFloat(base: ScalarTag | undefined): ScalarTag {
  return {
    identify: (value) => typeof value === 'number',
    stringify: base?.stringify,
    default: true,
    tag: `${TAG_PREFIX}float`,
    test: new ResolvesTo('float'),
    resolve: (input, _onError, options) => jsValue(resolvePlain(input), options),
  };
}

/**
 * `!!null`, `!!bool`, `!!int`, `!!float`, `!!timestamp` written out. Not default, so the `yaml`
 * package picks them for explicit tags only; a mismatch is an error, as go-yaml's `failf` is.
 */
function explicitTag(goTag: GoYamlTag): ScalarTag {
  return {
    tag: `${TAG_PREFIX}${goTag}`,
    default: false,
    resolve(input, onError, options) {
      const resolved = goYamlResolve(input, goTag);
      if ('error' in resolved) {
        onError(resolved.error);
        return input;
      }
      return jsValue(resolved, options);
    },
  };
}

/** decoder.scalar: `!!binary` is base64 (`base64.StdEncoding`, which skips \r and \n), decoded to a string. */
const binaryTag: ScalarTag = {
  tag: `${TAG_PREFIX}binary`,
  default: false,
  resolve(input, onError) {
    const base64 = input.replace(/[\r\n]/g, '');
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64)) {
      onError('!!binary value contains invalid base64 data');
      return input;
    }
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  },
};

/** Tags of the `yaml` package's YAML 1.1 schema that go-yaml v2 reads differently (replaced or dropped). */
const replacedTags = new Set(['int', 'float', 'timestamp', 'binary', 'omap', 'pairs', 'set'].map((name) => `${TAG_PREFIX}${name}`));

/** The YAML 1.1 tag list with go-yaml v2's number, timestamp, binary and collection behaviour. */
function kubectlTags(yaml11: Tags): Tags {
  // yaml asks for the tag list once per document; with thousands of documents in a file the
  // list is built once and handed out again while yaml's own list is the same.
  if (builtTags && builtTags.from.length === yaml11.length && builtTags.from.every((tag, i) => tag === yaml11[i])) return builtTags.tags;
  const tags = buildKubectlTags(yaml11);
  builtTags = { from: yaml11.slice(), tags };
  return tags;
}

let builtTags: { from: Tags; tags: Tags } | undefined;

function buildKubectlTags(yaml11: Tags): Tags {
  const scalarTag = (name: string) =>
    yaml11.find((t): t is ScalarTag => typeof t === 'object' && t.tag === `${TAG_PREFIX}${name}` && !t.collection && !t.format);
  const kept = yaml11.filter((t) => typeof t !== 'object' || !replacedTags.has(t.tag));
  return [
    ...kept,
    implicitInt(scalarTag('int')),
    implicitFloat(scalarTag('float')),
    ...(['null', 'bool', 'int', 'float', 'timestamp'] as const).map(explicitTag),
    binaryTag,
  ];
}

/**
 * Options for `parseAllDocuments`/`parseDocument` that read every document as kubectl does:
 * YAML 1.1 with go-yaml v2's scalar resolution, duplicate keys allowed (go-yaml v2 keeps the last
 * one; the validation reports them), and no tags resolved beyond go-yaml's (`resolveKnownTags`).
 * The schema is given explicitly so that a `%YAML 1.2` directive does not switch a document to the
 * YAML 1.2 core schema (go-yaml v2 rejects such a document anyway: "found incompatible YAML
 * document").
 */
export const kubectlParseOptions = {
  version: '1.1',
  schema: 'yaml-1.1',
  customTags: kubectlTags,
  resolveKnownTags: false,
  uniqueKeys: false,
  prettyErrors: false,
} as const;

/**
 * The YAML text that kubectl reads back as exactly this string: plain when that is safe,
 * double-quoted otherwise (`"80"`, `"on"`, `"1e3"`, `"2024-01-02"`, `"a: b"`). The one place
 * quick fixes and suggestions turn a string into YAML.
 */
export function yamlString(value: string): string {
  if (/^[A-Za-z0-9_./][-A-Za-z0-9_./]*$/.test(value)) {
    try {
      // Plain only when kubectl and a plain YAML 1.1 reader (other tools) both see this string.
      if (parse(value, kubectlParseOptions) === value && parse(value, { version: '1.1' }) === value) return value;
    } catch {
      // fall through to quoting
    }
  }
  return JSON.stringify(value);
}

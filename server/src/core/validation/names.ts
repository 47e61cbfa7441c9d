/**
 * Kubernetes name and label syntax (k8s.io/apimachinery/pkg/util/validation, IsQualifiedName /
 * IsValidLabelValue, and NameIsDNS1035Label from .../api/validation), returning the API server's
 * own error texts, one string per broken sub-rule, in the order the server lists them.
 *
 * Lengths are counted in bytes (UTF-8), as Go's len() does. Texts are those of the 1.30-1.33
 * apimachinery (`must be no more than 63 characters`; 1.34's content package says "bytes").
 *
 * The `to*` functions derive a value that passes the same check, for quick-fix suggestions.
 */

export const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
export const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
export const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
export const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
export const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;

const dns1035Label = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const dns1123Label = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const dns1123Subdomain = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const qualifiedName = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const labelValue = new RegExp(`^${LABEL_VALUE_FMT}$`);

const DNS1035_ERR = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** Go's len(): the UTF-8 byte length. */
export function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** RegexError of apimachinery, including its `',  or '` double space between examples. */
export function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  let out = `${message} (e.g. `;
  examples.forEach((example, i) => {
    if (i > 0) out += ' or ';
    out += `'${example}', `;
  });
  return `${out}regex used for validation is '${format}')`;
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** IsValidPortNum: 1..65535. */
export function portNumberErrors(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** IsDNS1035Label (Service names). */
export function dns1035LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLenError(63));
  if (!dns1035Label.test(value)) errors.push(regexError(DNS1035_ERR, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errors;
}

/** IsDNS1123Label (port names, namespaces). A valid subdomain that is not a label only lacks "no dots". */
export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLenError(63));
  if (!dns1123Label.test(value)) {
    errors.push(dns1123Subdomain.test(value) ? 'must not contain dots' : regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errors;
}

/** IsDNS1123Subdomain. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 253) errors.push(maxLenError(253));
  if (!dns1123Subdomain.test(value)) errors.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errors;
}

/**
 * NameIsDNS1035Label(name, prefix): with `prefix` (generateName) a trailing '-' is tolerated
 * (maskTrailingDash replaces the last two characters with "a").
 */
export function serviceNameErrors(value: string, prefix = false): string[] {
  const masked = prefix && value.length > 1 && value.endsWith('-') ? `${value.slice(0, -2)}a` : value;
  return dns1035LabelErrors(masked);
}

/** Errors of a qualified name (`[prefix/]name`, as for label keys, appProtocol, loadBalancerClass); empty when valid. */
export function qualifiedNameErrors(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else errors.push(...dns1123SubdomainErrors(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (byteLength(name) > 63) errors.push(`name part ${maxLenError(63)}`);
  if (!qualifiedName.test(name)) errors.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errors;
}

/** IsValidLabelValue. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLenError(63));
  if (!labelValue.test(value)) errors.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errors;
}

/** IsValidPortName: an IANA service name (named targetPort, container port names). */
export function ianaServiceNameErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 15) errors.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(value)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(value)) errors.push('must contain at least one letter (a-z)');
  if (value.includes('--')) errors.push('must not contain consecutive hyphens');
  if (value.length > 0 && (value.startsWith('-') || value.endsWith('-'))) errors.push('must not begin or end with a hyphen');
  return errors;
}

export const standardFinalizers = ['kubernetes', 'orphan', 'foregroundDeletion'] as const;

/** validateKubeFinalizerName (pkg/apis/core/validation): an unprefixed finalizer must be a standard one. */
export function kubeFinalizerErrors(value: string): string[] {
  if (value.split('/').length === 1 && !(standardFinalizers as readonly string[]).includes(value)) {
    return ['name is neither a standard finalizer name nor is it fully qualified'];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Deriving valid values (for suggestions). Each returns undefined when nothing sensible remains.

function ascii(value: string): string {
  return value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/** Cuts to `max` bytes (all ASCII here) and trims what may not end a value. */
function cut(value: string, max: number, trailing: RegExp): string {
  return value.slice(0, max).replace(trailing, '');
}

/** A DNS-1123 label (lowercase alphanumerics and '-', alphanumeric at both ends, <= 63). */
export function toDns1123Label(value: string, max = 63): string | undefined {
  const cleaned = ascii(value).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+/, '');
  const result = cut(cleaned, max, /-+$/);
  return result && dns1123LabelErrors(result).length === 0 ? result : undefined;
}

/** A DNS-1035 label: a DNS-1123 label that starts with a letter. */
export function toDns1035Label(value: string, max = 63): string | undefined {
  const cleaned = ascii(value).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-');
  let result = cut(cleaned.replace(/^[^a-z]+/, ''), max, /-+$/);
  if (!result) {
    // Nothing starts with a letter ("123"): keep the digits behind a prefix.
    const digits = cleaned.replace(/^-+/, '');
    result = cut(digits ? `svc-${digits}` : 'svc', max, /-+$/);
  }
  return dns1035LabelErrors(result).length === 0 ? result : undefined;
}

/** A valid generateName: a DNS-1035 label, keeping a trailing '-' when the original had one. */
export function toGenerateName(value: string): string | undefined {
  const label = toDns1035Label(value.replace(/-+$/, ''), 57);
  if (!label) return undefined;
  const result = value.endsWith('-') ? `${label}-` : label;
  return serviceNameErrors(result, true).length === 0 ? result : undefined;
}

/** An IANA service name (<= 15, [-a-z0-9], a letter, no '--', no '-' at either end). */
export function toIanaServiceName(value: string): string | undefined {
  const cleaned = ascii(value).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+/, '');
  const result = cut(cleaned, 15, /-+$/);
  return result && ianaServiceNameErrors(result).length === 0 ? result : undefined;
}

function toQualifiedNamePart(value: string): string {
  return cut(ascii(value).replace(/[^-A-Za-z0-9_.]+/g, '-').replace(/^[^A-Za-z0-9]+/, ''), 63, /[^A-Za-z0-9]+$/);
}

function toDns1123Subdomain(value: string): string {
  const labels = ascii(value)
    .toLowerCase()
    .split('.')
    .map((label) => label.replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean);
  return cut(labels.join('.'), 253, /[.-]+$/);
}

/** A qualified name (label key, annotation key, appProtocol). */
export function toQualifiedName(value: string): string | undefined {
  const parts = value.split('/');
  const name = toQualifiedNamePart(parts.length > 1 ? parts.slice(1).join('-') : parts[0]);
  if (!name) return undefined;
  const prefix = parts.length > 1 ? toDns1123Subdomain(parts[0]) : '';
  const result = prefix ? `${prefix}/${name}` : name;
  return qualifiedNameErrors(result).length === 0 ? result : undefined;
}

/** A label value (may be empty; undefined when nothing remains of a non-empty value). */
export function toLabelValue(value: string): string | undefined {
  const result = toQualifiedNamePart(value);
  return result && labelValueErrors(result).length === 0 ? result : undefined;
}


/**
 * `base-2`, `base-3`, … (cut so the whole stays within 63 characters): the first that is not
 * `taken` and that `isValid` accepts. For suggesting a name next to one already in use.
 */
export function numberedName(base: string, taken: ReadonlySet<string>, isValid: (name: string) => boolean): string | undefined {
  for (let n = 2; n < 1000; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate) && isValid(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Name and key syntax checks with upstream's exact messages
 * (k8s.io/apimachinery/pkg/util/validation and api/validation/path, v1.32). Each returns
 * the list of problems, empty when the value is valid.
 */

/** "must be no more than N characters" */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** A regex failure explained with examples, worded as upstream's RegexError. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  // Upstream joins "'a', " pieces with " or ", hence the double space users know.
  const eg = examples.map((e) => `'${e}', `).join(" or ");
  return `${msg} (e.g. ${eg}regex used for validation is '${fmt}')`;
}

export function emptyError(): string {
  return "must be non-empty";
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

const anchored = (fmt: string): RegExp => new RegExp(`^(?:${fmt})$`);

const qualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const qualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** A label key or annotation key: optional DNS subdomain prefix, "/", name of at most 63 characters. */
export function isQualifiedName(value: string): string[] {
  const slash = value.indexOf("/");
  // the common case, checked without splitting: every label key of every write comes here
  if (slash < 0 && value.length <= 63 && matchesQualifiedName(value)) return [];
  if (slash >= 0 && value.indexOf("/", slash + 1) >= 0) {
    const shape = regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc");
    return [`a qualified name ${shape} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const errs: string[] = [];
  const name = slash < 0 ? value : value.slice(slash + 1);
  if (slash >= 0) {
    const prefix = value.slice(0, slash);
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!matchesQualifiedName(name)) {
    errs.push(`name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc")}`);
  }
  return errs;
}

/** qualifiedNameFmt, anchored, as a loop over the characters (a RegExp costs a write more). */
function matchesQualifiedName(value: string): boolean {
  const last = value.length - 1;
  if (last < 0 || !isAlphanumeric(value.charCodeAt(0)) || !isAlphanumeric(value.charCodeAt(last))) return false;
  for (let i = 1; i < last; i++) {
    const c = value.charCodeAt(i);
    if (!isAlphanumeric(c) && c !== charDash && c !== charUnderscore && c !== charDot) return false;
  }
  return true;
}

/** dns1123SubdomainFmt, anchored: dot-separated DNS-1123 labels. */
function matchesDNS1123Subdomain(value: string): boolean {
  let start = 0;
  for (;;) {
    const dot = value.indexOf(".", start);
    const end = dot < 0 ? value.length : dot;
    if (!matchesDNS1123LabelAt(value, start, end)) return false;
    if (dot < 0) return true;
    start = dot + 1;
  }
}

/** dns1123LabelFmt, anchored, on value[start, end). */
function matchesDNS1123LabelAt(value: string, start: number, end: number): boolean {
  const last = end - 1;
  if (last < start || !isLowerAlphanumeric(value.charCodeAt(start)) || !isLowerAlphanumeric(value.charCodeAt(last))) return false;
  for (let i = start + 1; i < last; i++) {
    const c = value.charCodeAt(i);
    if (!isLowerAlphanumeric(c) && c !== charDash) return false;
  }
  return true;
}

const charDash = 0x2d;
const charDot = 0x2e;
const charUnderscore = 0x5f;

function isLowerAlphanumeric(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

function isAlphanumeric(c: number): boolean {
  return isLowerAlphanumeric(c) || (c >= 0x41 && c <= 0x5a);
}

const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (value.length > 0 && !matchesQualifiedName(value)) errs.push(regexError(labelValueErrMsg, labelValueFmt, "MyValue", "my_value", "12345"));
  return errs;
}

const dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const dns1123LabelErrMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!matchesDNS1123LabelAt(value, 0, value.length)) errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, "my-name", "123-abc"));
  return errs;
}

const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainErrMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!matchesDNS1123Subdomain(value)) errs.push(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, "example.com"));
  return errs;
}

const dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
const dns1035LabelErrMsg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const dns1035LabelRe = anchored(dns1035LabelFmt);

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!dns1035LabelRe.test(value)) errs.push(regexError(dns1035LabelErrMsg, dns1035LabelFmt, "my-name", "abc-123"));
  return errs;
}

const cIdentifierFmt = "[A-Za-z_][A-Za-z0-9_]*";
const cIdentifierErrMsg =
  "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'";
const cIdentifierRe = anchored(cIdentifierFmt);

export function isCIdentifier(value: string): string[] {
  return cIdentifierRe.test(value) ? [] : [regexError(cIdentifierErrMsg, cIdentifierFmt, "my_name", "MY_NAME", "MyName")];
}

/** A port number 1–65535. */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

export function isInRange(value: number, lo: number, hi: number): string[] {
  return value >= lo && value <= hi ? [] : [inclusiveRangeError(lo, hi)];
}

/** An IANA_SVC_NAME: at most 15 of [-a-z0-9], at least one letter, no "--", no hyphen at either end. */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(port)) errs.push("must contain at least one letter (a-z)");
  if (port.includes("--")) errs.push("must not contain consecutive hyphens");
  if (port.startsWith("-") || port.endsWith("-")) errs.push("must not begin or end with a hyphen");
  return errs;
}

const envVarNameFmt = "[-._a-zA-Z][-._a-zA-Z0-9]*";
const envVarNameErrMsg =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
const envVarNameRe = anchored(envVarNameFmt);

export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!envVarNameRe.test(value)) {
    errs.push(regexError(envVarNameErrMsg, envVarNameFmt, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
  }
  return [...errs, ...chDirPrefixErrors(value)];
}

/** The RelaxedEnvironmentVariableValidation rule (beta, on by default in v1.32): printable ASCII but '='. */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push(`environment variable name ${emptyError()}`);
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c > 0x7e || ch === "=") {
      errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
      break;
    }
  }
  return errs;
}

const configMapKeyFmt = "[-._a-zA-Z0-9]+";
const configMapKeyErrMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const configMapKeyRe = anchored(configMapKeyFmt);

export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!configMapKeyRe.test(value)) errs.push(regexError(configMapKeyErrMsg, configMapKeyFmt, "key.name", "KEY_NAME", "key-name"));
  return [...errs, ...chDirPrefixErrors(value)];
}

function chDirPrefixErrors(value: string): string[] {
  if (value === ".") return ["must not be '.'"];
  if (value === "..") return ["must not be '..'"];
  if (value.startsWith("..")) return ["must not start with '..'"];
  return [];
}

const percentFmt = "[0-9]+%";

export function isValidPercent(value: string): string[] {
  const msg = "a valid percent string must be a numeric string followed by an ending '%'";
  return anchored(percentFmt).test(value) ? [] : [regexError(msg, percentFmt, "1%", "93%")];
}

const httpHeaderNameFmt = "[-A-Za-z0-9]+";

export function isHTTPHeaderName(value: string): string[] {
  const msg = "a valid HTTP header must consist of alphanumeric characters or '-'";
  return anchored(httpHeaderNameFmt).test(value) ? [] : [regexError(msg, httpHeaderNameFmt, "X-Header-Name")];
}

/**
 * Names that become one URL path segment (path.ValidatePathSegmentName). With prefix (a
 * generateName), only the forbidden characters are checked.
 */
export function validatePathSegmentName(name: string, prefix: boolean): string[] {
  if (!prefix && (name === "." || name === "..")) return [`may not be '${name}'`];
  // every object's name comes here: no arrays or closures for the usual valid name
  const errs: string[] = [];
  if (name.includes("/")) errs.push("may not contain '/'");
  if (name.includes("%")) errs.push("may not contain '%'");
  return errs;
}

/** The common name rule of most kinds: a DNS-1123 subdomain (prefix: a generateName, trailing '-' allowed). */
export function nameIsDNSSubdomain(name: string, prefix: boolean): string[] {
  return isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
}

/** Kinds whose names are DNS-1123 labels (namespaces, services' neighbours...). */
export function nameIsDNSLabel(name: string, prefix: boolean): string[] {
  return isDNS1123Label(prefix ? maskTrailingDash(name) : name);
}

/** Kinds whose names are DNS-1035 labels (services). */
export function nameIsDNS1035Label(name: string, prefix: boolean): string[] {
  return isDNS1035Label(prefix ? maskTrailingDash(name) : name);
}

/**
 * A generateName may end in '-' (a suffix follows). Upstream replaces the last two characters
 * with "a" before checking; we do the same so the same names pass and fail.
 */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith("-") ? `${name.slice(0, -2)}a` : name;
}

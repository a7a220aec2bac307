#!/usr/bin/env node
// Generates src/api/schema/generated-types.ts: every type reachable from the kinds tinykube
// serves, read from kubernetes-types' .d.ts files (fields, doc comments, required fields) with
// the TypeScript compiler API. Patch metadata and fields newer than kubernetes-types are not
// here: they are overlaid at load time (patch-metadata.ts, added-fields.ts), so this runs
// only when kubernetes-types changes: `node scripts/gen-schema.mjs`.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

const root = new URL("..", import.meta.url).pathname;
const require = createRequire(import.meta.url);
const typesDir = dirname(require.resolve("kubernetes-types/package.json", { paths: [root] }));
const typesVersion = JSON.parse(readFileSync(join(typesDir, "package.json"), "utf8")).version;

/** kubernetes-types module → upstream OpenAPI name prefix. */
const packages = {
  "core/v1": "io.k8s.api.core.v1",
  "apps/v1": "io.k8s.api.apps.v1",
  "batch/v1": "io.k8s.api.batch.v1",
  "autoscaling/v1": "io.k8s.api.autoscaling.v1",
  "storage/v1": "io.k8s.api.storage.v1",
  "coordination/v1": "io.k8s.api.coordination.v1",
  "events/v1": "io.k8s.api.events.v1",
  "meta/v1": "io.k8s.apimachinery.pkg.apis.meta.v1",
  runtime: "io.k8s.apimachinery.pkg.runtime",
  "api/resource": "io.k8s.apimachinery.pkg.api.resource",
};

const intOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

/** Named types that are not objects on the wire. */
const specialKinds = {
  "io.k8s.apimachinery.pkg.api.resource.Quantity": "quantity",
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "time",
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": "micro-time",
  "io.k8s.apimachinery.pkg.runtime.RawExtension": "raw-extension",
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": "fields-v1",
  [intOrString]: "int-or-string",
};

/** The served kinds (and their lists) with the group-versions they are served at. */
const roots = [
  ["core/v1", "", "v1", ["Namespace", "Pod", "Node", "Event", "PersistentVolumeClaim", "PersistentVolume", "Service", "ConfigMap", "Secret", "ServiceAccount"]],
  ["apps/v1", "apps", "v1", ["StatefulSet", "ControllerRevision"]],
  ["batch/v1", "batch", "v1", ["Job", "CronJob"]],
  ["storage/v1", "storage.k8s.io", "v1", ["StorageClass"]],
  ["coordination/v1", "coordination.k8s.io", "v1", ["Lease"]],
  ["events/v1", "events.k8s.io", "v1", ["Event"]],
  ["autoscaling/v1", "autoscaling", "v1", ["Scale"]],
];
/** Meta types every API document refers to (request bodies and error replies). */
const metaRoots = ["Status", "DeleteOptions", "WatchEvent", "Patch", "APIResourceList"];
const listless = new Set(["Scale"]);

const files = Object.keys(packages).map((m) => join(typesDir, `${m}.d.ts`));
const program = ts.createProgram(files, { noEmit: true, skipLibCheck: true });
const checker = program.getTypeChecker();

function moduleOf(fileName) {
  return relative(typesDir, fileName).replace(/\.d\.ts$/, "");
}

/** Every exported interface and type alias, by OpenAPI name. */
const declarations = new Map();
for (const file of files) {
  const source = program.getSourceFile(file);
  const prefix = packages[moduleOf(file)];
  for (const stmt of source.statements) {
    if (ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt)) {
      declarations.set(`${prefix}.${stmt.name.text}`, stmt);
    }
  }
}

function docOf(node) {
  const symbol = checker.getSymbolAtLocation(node.name);
  return symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() : "";
}

function qualifiedName(typeName) {
  let symbol = checker.getSymbolAtLocation(typeName);
  if (!symbol) throw new Error(`unresolved type ${typeName.getText()}`);
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol.declarations[0];
  return `${packages[moduleOf(decl.getSourceFile().fileName)]}.${symbol.name}`;
}

/** A .d.ts type node → ValueType (see src/api/schema/type-schema.ts). */
function valueType(node) {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { kind: "scalar", type: "string" };
    case ts.SyntaxKind.NumberKeyword:
      return { kind: "scalar", type: "integer" };
    case ts.SyntaxKind.BooleanKeyword:
      return { kind: "scalar", type: "boolean" };
    case ts.SyntaxKind.LiteralType:
      return { kind: "scalar", type: "string" };
    case ts.SyntaxKind.ArrayType:
      return { kind: "array", items: valueType(node.elementType) };
    case ts.SyntaxKind.UnionType: {
      const kinds = node.types.map((t) => t.kind).sort();
      if (kinds.join() === [ts.SyntaxKind.StringKeyword, ts.SyntaxKind.NumberKeyword].sort().join()) return { kind: "ref", name: intOrString };
      throw new Error(`unsupported union ${node.getText()}`);
    }
    case ts.SyntaxKind.TypeLiteral: {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (!index || node.members.length !== 1) throw new Error(`unsupported type literal ${node.getText()}`);
      return { kind: "map", values: valueType(index.type) };
    }
    case ts.SyntaxKind.TypeReference: {
      if (node.typeName.getText() === "Array") return { kind: "array", items: valueType(node.typeArguments[0]) };
      return { kind: "ref", name: qualifiedName(node.typeName) };
    }
    default:
      throw new Error(`unsupported type node ${ts.SyntaxKind[node.kind]}: ${node.getText()}`);
  }
}

const intOrStringDescription =
  "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.";

function typeSchema(name) {
  if (name === intOrString) return { description: intOrStringDescription, kind: "int-or-string", fields: {}, required: [] };
  const decl = declarations.get(name);
  if (!decl) throw new Error(`no declaration for ${name}`);
  const kind = specialKinds[name] ?? "object";
  const fields = {};
  const required = [];
  if (ts.isInterfaceDeclaration(decl) && kind === "object") {
    const members = decl.members.filter(ts.isPropertySignature).sort((a, b) => a.name.text.localeCompare(b.name.text));
    for (const m of members) {
      fields[m.name.text] = { type: valueType(m.type), description: docOf(m) };
      if (!m.questionToken) required.push(m.name.text);
    }
  }
  return { description: docOf(decl), kind, fields, required };
}

function referencedNames(type) {
  switch (type.kind) {
    case "ref":
      return [type.name];
    case "array":
      return referencedNames(type.items);
    case "map":
      return referencedNames(type.values);
    default:
      return [];
  }
}

/** Breadth-first from the roots: every type they reach. */
function collect(rootNames) {
  const out = new Map();
  const queue = [...rootNames];
  while (queue.length > 0) {
    const name = queue.shift();
    if (out.has(name)) continue;
    const schema = typeSchema(name);
    out.set(name, schema);
    for (const f of Object.values(schema.fields)) queue.push(...referencedNames(f.type));
  }
  return out;
}

const gvks = new Map();
for (const [module, group, version, kinds] of roots) {
  for (const kind of kinds) {
    gvks.set(`${packages[module]}.${kind}`, [{ group, version, kind }]);
    if (!listless.has(kind)) gvks.set(`${packages[module]}.${kind}List`, [{ group, version, kind: `${kind}List` }]);
  }
}
const metaPrefix = packages["meta/v1"];
for (const kind of metaRoots) gvks.set(`${metaPrefix}.${kind}`, [{ group: "", version: "v1", kind }]);

const types = collect([...gvks.keys()]);
const sorted = Object.fromEntries(
  [...types.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, schema]) => [name, gvks.has(name) ? { ...schema, gvk: gvks.get(name) } : schema]),
);

const header = `// Generated by scripts/gen-schema.mjs from kubernetes-types ${typesVersion}: do not edit.
// Patch metadata and fields added after kubernetes-types' version are overlaid at load time
// (patch-metadata.ts, added-fields.ts).
import type { TypeSchema } from "./type-schema.js";

type GeneratedType = Omit<TypeSchema, "name">;

export const generatedTypes: Readonly<Record<string, GeneratedType>> = `;
/** One line per field keeps the file readable and its diffs small. */
function render(types) {
  const lines = ["{"];
  for (const [name, { fields, ...rest }] of Object.entries(types)) {
    lines.push(`  ${JSON.stringify(name)}: {`);
    for (const [key, value] of Object.entries(rest)) lines.push(`    ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
    lines.push(`    "fields": {`);
    for (const [field, schema] of Object.entries(fields)) lines.push(`      ${JSON.stringify(field)}: ${JSON.stringify(schema)},`);
    lines.push("    },", "  },");
  }
  lines.push("}");
  return lines.join("\n");
}

const out = join(root, "src", "api", "schema", "generated-types.ts");
writeFileSync(out, `${header}${render(sorted)};\n`);
console.log(`${relative(root, out)}: ${types.size} types`);

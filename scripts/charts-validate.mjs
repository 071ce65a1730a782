// Validates rendered Kubernetes manifests against the Kubernetes API schemas, as kubeconform
// -strict would: every document must be a known apiVersion/kind, pass the JSON-schema validator
// that kubernetes-models compiled from the Kubernetes OpenAPI definitions (types, required fields,
// enums, formats), and carry no field the API does not define (a misspelt `readinessProbes` would
// otherwise be dropped silently by the API server). Run through scripts/charts.sh validate FILE...
//
//   node scripts/charts-validate.mjs <tools dir> <manifests.yaml>...
// Prints one line per problem ("<file>: <Kind>/<name>: <path>: <message>") and exits 1 if any.
//   node scripts/charts-validate.mjs <tools dir> --to-json <manifests.yaml>
// Prints the documents as one JSON array instead (the chart tests read manifests that way).
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [tools, ...files] = process.argv.slice(2);
if (!tools || files.length === 0) {
  console.error("usage: charts-validate.mjs <tools dir> <manifests.yaml>...");
  process.exit(2);
}
const modules = path.join(tools, "node_modules");
const YAML = await import(pathToFileURL(path.join(modules, "yaml/dist/index.js")).href);
if (files[0] === "--to-json") {
  const docs = YAML.parseAllDocuments(readFileSync(files[1], "utf8")).map((d) => d.toJS()).filter((d) => d);
  process.stdout.write(JSON.stringify(docs));
  process.exit(0);
}
const models = path.join(modules, "kubernetes-models");

// --- the field lists, read from the models' TypeScript declarations -------------------------
const interfaces = new Map(); // d.ts file -> { fields: Map<name, type>, imports: Map<typeName, file> }

function resolveImport(fromFile, specifier) {
  const base = specifier.startsWith(".")
    ? path.resolve(path.dirname(fromFile), specifier)
    : path.join(modules, specifier);
  return base.replace(/\.js$/, "") + ".d.ts";
}

function declaration(file) {
  if (interfaces.has(file)) return interfaces.get(file);
  const text = readFileSync(file, "utf8");
  const imports = new Map();
  for (const m of text.matchAll(/^import \{ ([^}]+) \} from "([^"]+)";$/gm)) {
    for (const name of m[1].split(",").map((s) => s.trim())) imports.set(name, resolveImport(file, m[2]));
  }
  const body = /^export interface \w+(?: extends [\w, ]+)? \{\n([\s\S]*?)^\}/m.exec(text);
  const fields = body ? new Map() : null; // null: a type alias (Quantity, IntOrString, Time), a leaf
  if (body) {
    for (const m of body[1].matchAll(/^ {4}"([^"]+)"\??: (.*?);?$/gm)) fields.set(m[1], m[2]);
  }
  const parsed = { fields, imports };
  interfaces.set(file, parsed);
  return parsed;
}

function unknownFields(value, file, at, problems) {
  const decl = declaration(file);
  if (!decl.fields || value === null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const type = decl.fields.get(key);
    if (type === undefined) {
      problems.push(`${at}/${key}: field not defined by the API`);
      continue;
    }
    const element = /^Array<(\w+)>$/.exec(type)?.[1];
    const named = element ?? (/^(\w+)$/.exec(type)?.[1]);
    const target = named && decl.imports.get(named);
    if (!target || !existsSync(target)) continue; // primitives, enums, maps: the JSON schema checks them
    if (element && Array.isArray(child)) child.forEach((item, i) => unknownFields(item, target, `${at}/${key}/${i}`, problems));
    else if (!element) unknownFields(child, target, `${at}/${key}`, problems);
  }
}

// The stable API group versions a Kubernetes 1.31 cluster serves (the province's version; the
// models also carry beta versions long removed, such as policy/v1beta1, which must not pass).
const served = new Set(["v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "policy/v1",
  "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "scheduling.k8s.io/v1", "storage.k8s.io/v1",
  "coordination.k8s.io/v1", "discovery.k8s.io/v1", "admissionregistration.k8s.io/v1", "apiextensions.k8s.io/v1"]);

// --- each document ----------------------------------------------------------------------------
let failures = 0;
let checked = 0;
for (const file of files) {
  const docs = YAML.parseAllDocuments(readFileSync(file, "utf8"));
  for (const doc of docs) {
    if (doc.errors.length) {
      console.log(`${file}: YAML: ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const object = doc.toJS();
    if (object === null || object === undefined) continue;
    const { apiVersion, kind } = object;
    const label = `${file}: ${kind}/${object.metadata?.name ?? "?"}`;
    const model = path.join(models, apiVersion ?? "", `${kind}.js`);
    if (!apiVersion || !kind || !served.has(apiVersion) || !existsSync(model)) {
      console.log(`${label}: ${apiVersion}/${kind} is not a stable Kubernetes 1.31 API kind`);
      failures++;
      continue;
    }
    const problems = [];
    const Model = (await import(pathToFileURL(model).href))[kind];
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(...String(error.message).split("\n"));
    }
    unknownFields(object, model.replace(/\.js$/, ".d.ts"), "", problems);
    for (const problem of problems) console.log(`${label}: ${problem}`);
    failures += problems.length;
    checked++;
  }
}
console.log(`${checked} manifest(s) checked, ${failures} problem(s)`);
process.exit(failures === 0 ? 0 : 1);

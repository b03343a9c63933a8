// Offline validation of deploy/k8s: renders the base and each overlay with the real
// kustomize (`kubectl kustomize`), reads the output as the API server's JSON would (map
// keys must be strings: kustomize v5 and `kubectl apply` refuse an unquoted `9464:`),
// validates every object against the Kubernetes and Istio schemas (kubernetes-models),
// and checks that the pieces fit: selectors, Service and StatefulSet names, ports, gRPC
// probes, the grace period against the drain deadline, the security context, volumes,
// the metrics scrape, the checkpoint CronJob, and that Istio's AuthorizationPolicy and the
// server's access policy name the same identities, exact RPC paths of the protos (read
// by protoc; no prefixes; every RPC admitted to someone) and compatible roles, and that
// the restore helper pod mounts the claims as the CronJob does.
// Usage: node validate.mjs <repository root>. Exit 0 when everything holds.
// $KUBECTL names the kubectl to render with (default: the one on the PATH).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { ConfigMap, PersistentVolumeClaim, Pod, Service, ServiceAccount } from "kubernetes-models/v1";
import { StatefulSet } from "kubernetes-models/apps/v1";
import { CronJob } from "kubernetes-models/batch/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import {
  AuthorizationPolicy,
  PeerAuthentication,
} from "@kubernetes-models/istio/security.istio.io/v1beta1";
import { checkAlerts, checkGroup, checkScrapeConfig } from "./checks.mjs";
import { intercoMethods, standardMethods } from "./protos.mjs";

const MODELS = {
  "v1/ConfigMap": ConfigMap,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
  "v1/Pod": Pod,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "apps/v1/StatefulSet": StatefulSet,
  "batch/v1/CronJob": CronJob,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "security.istio.io/v1beta1/PeerAuthentication": PeerAuthentication,
  "security.istio.io/v1beta1/AuthorizationPolicy": AuthorizationPolicy,
};

const KUBECTL = process.env.KUBECTL || "kubectl";

// The YAML kustomize renders for deploy/k8s/<group>; throws with kustomize's message.
function kustomize(root, group) {
  try {
    return execFileSync(KUBECTL, ["kustomize", path.join(root, "deploy/k8s", group)],
                        { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = String(error.stderr ?? "").split("\n")
                       .filter((l) => l && !l.startsWith("# Warning:")).join("\n");
    throw new Error(`${KUBECTL} kustomize ${group} failed: ${stderr || error.message}`);
  }
}

// Parses rendered YAML as kubectl does (sigs.k8s.io/yaml: YAML 1.1, then JSON), but
// refuses what that conversion would break or silently change: a map key that is not a
// string (`9464:` fails in kustomize v5 and apply; `on:` would become "true"), a
// duplicate key, any YAML error. Returns the objects.
export function parseStrict(text, where) {
  const objects = [];
  for (const doc of YAML.parseAllDocuments(text, { version: "1.1", uniqueKeys: true })) {
    if (doc.errors.length) throw new Error(`${where}: ${doc.errors[0].message}`);
    YAML.visit(doc, {
      Pair(_, pair) {
        const key = pair.key;
        if (!YAML.isScalar(key) || typeof key.value !== "string") {
          const line = key?.range ? ` (offset ${key.range[0]})` : "";
          throw new Error(`${where}: map key ${JSON.stringify(String(key?.value ?? key))} ` +
                          `is not a string${line}; quote it`);
        }
      },
    });
    const object = doc.toJS();
    if (object !== null) objects.push(object);
  }
  return objects;
}

export function render(root, group) {
  return parseStrict(kustomize(root, group), group);
}

function validateSchemas(docs, where, problems) {
  for (const doc of docs) {
    const key = `${doc.apiVersion}/${doc.kind}`;
    const Model = MODELS[key];
    if (!Model) {
      problems.push(`${where}: ${key} ${doc.metadata?.name} has no schema here`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (error) {
      problems.push(`${where}: ${key} ${doc.metadata?.name}: ${error.message}`);
    }
  }
}

const root = process.argv[2] ?? ".";
const problems = [];
let methods = { rpcs: new Set(), standard: new Set() };
try {
  methods = { rpcs: intercoMethods(root), standard: standardMethods() };
  console.log(`protos: ${methods.rpcs.size} RPCs of interco.v1 read by protoc`);
} catch (error) {
  problems.push(error.message);
}
const scrape = YAML.parse(fs.readFileSync(path.join(root, "deploy/prometheus/prometheus.yml"), "utf8"));
const rendered = {};
for (const group of ["base", "overlays/dev", "overlays/prod"]) {
  let docs;
  try {
    rendered[group] = kustomize(root, group);
    docs = parseStrict(rendered[group], group);
  } catch (error) {
    problems.push(error.message);
    continue;
  }
  validateSchemas(docs, group, problems);
  const prod = group === "overlays/prod";
  checkGroup(docs, group, methods, problems, { restrictScrapers: prod, checkpointJob: prod });
  checkScrapeConfig(scrape, docs, group, problems);
  console.log(`${group}: ${docs.length} objects rendered by kustomize and checked`);
}
// The restore helper pod mounts the claims where the server and the CronJob do, so the
// paths in docs/OPERATIONS.md mean the same in all three.
try {
  const file = "deploy/k8s/restore/restore-pod.yaml";
  const restore = parseStrict(fs.readFileSync(path.join(root, file), "utf8"), file);
  validateSchemas(restore, file, problems);
  const mounts = Object.fromEntries(restore[0].spec.containers[0].volumeMounts.map(
      (m) => [restore[0].spec.volumes.find((v) => v.name === m.name)?.persistentVolumeClaim?.claimName,
              m.mountPath]));
  const job = parseStrict(rendered["overlays/prod"] ?? "", "prod").find((d) => d.kind === "CronJob");
  const jobPod = job?.spec.jobTemplate.spec.template.spec;
  for (const mount of jobPod?.containers[0].volumeMounts ?? []) {
    const claim = jobPod.volumes.find((v) => v.name === mount.name)?.persistentVolumeClaim?.claimName;
    if (mounts[claim] !== mount.mountPath) {
      problems.push(`${file}: claim ${claim} must be mounted at ${mount.mountPath}, as the CronJob does`);
    }
  }
  console.log(`${file}: mounts the claims as the checkpoint CronJob does`);
} catch (error) {
  problems.push(error.message);
}
checkAlerts(YAML.parse(fs.readFileSync(path.join(root, "deploy/prometheus/alerts.yaml"), "utf8")),
            scrape, problems);
console.log("deploy/prometheus/alerts.yaml: every metric is one the server exports, " +
            "every job one prometheus.yml scrapes");

// The checks must be able to fail: each known-bad change to the base must be reported.
const MUTATIONS = {
  "no readiness probe": (d) => { delete set(d).spec.template.spec.containers[0].readinessProbe; },
  "Service selecting nothing": (d) => { kind(d, "Service").spec.selector = { app: "other" }; },
  "grace period shorter than the drain": (d) => {
    set(d).spec.template.spec.terminationGracePeriodSeconds = 10;
  },
  "two writers": (d) => { set(d).spec.replicas = 2; },
  "a budget that blocks node drains for ever": (d) => {
    const pdb = kind(d, "PodDisruptionBudget");
    delete pdb.spec.maxUnavailable;
    pdb.spec.minAvailable = 1;
  },
  "writable root filesystem": (d) => {
    set(d).spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
  },
  "a path that is no RPC": (d) => {
    kind(d, "AuthorizationPolicy").spec.rules[0].to[0].operation.paths.push("/interco.v1.LedgerService/Post");
  },
  "a prefix instead of method paths": (d) => {
    kind(d, "AuthorizationPolicy").spec.rules[2].to[0].operation.paths.push("/interco.v1.*");
  },
  "an RPC admitted to no one": (d) => {
    for (const rule of kind(d, "AuthorizationPolicy").spec.rules) {
      const paths = rule.to[0].operation.paths;
      const at = paths.indexOf("/interco.v1.AdminService/CreateCheckpoint");
      if (at >= 0) paths.splice(at, 1);
    }
  },
  "a controller admitted to posting": (d) => {
    kind(d, "AuthorizationPolicy").spec.rules[1].to[0].operation.paths.push(
        "/interco.v1.LedgerService/PostTransaction");
  },
  "reflection v1alpha without v1 (buf curl stops at the 403)": (d) => {
    for (const rule of kind(d, "AuthorizationPolicy").spec.rules) {
      const paths = rule.to[0].operation.paths;
      const at = paths.indexOf("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo");
      if (at >= 0) paths.splice(at, 1);
    }
  },
  "a schema violation (Kubernetes)": (d) => { set(d).spec.template.spec.dnsPolicy = 42; },
  "a schema violation (Istio)": (d) => { kind(d, "AuthorizationPolicy").spec.action = 7; },
  "permissive mTLS": (d) => { kind(d, "PeerAuthentication").spec.mtls.mode = "PERMISSIVE"; },
  "Istio merges the server's metrics into its own (up would hide a dead server)": (d) => {
    delete set(d).spec.template.metadata.annotations["prometheus.istio.io/merge-metrics"];
  },
  "metrics port renamed (the scrape job finds no target)": (d) => {
    set(d).spec.template.spec.containers[0].ports.find((p) => p.name === "metrics").name = "prom";
  },
};
// Known-bad changes to the production overlay.
const PROD_MUTATIONS = {
  "metrics beyond loopback without --allow_remote_metrics": (d) => {
    const args = set(d).spec.template.spec.containers[0].args;
    args.splice(args.indexOf("--allow_remote_metrics"), 1);
  },
  "no NetworkPolicy": (d) => { d.splice(d.indexOf(kind(d, "NetworkPolicy", "interco")), 1); },
  "anyone may scrape": (d) => {
    kind(d, "NetworkPolicy", "interco").spec.ingress.find((r) => r.from).from.push({ ipBlock: { cidr: "0.0.0.0/0" } });
  },
  "checkpoint CronJob on another volume than the server's": (d) => {
    cron(d).spec.jobTemplate.spec.template.spec.volumes.find((v) => v.name === "data")
        .persistentVolumeClaim.claimName = "data-other-0";
  },
  "checkpoint CronJob not on the server's node (the claim is ReadWriteOnce)": (d) => {
    delete cron(d).spec.jobTemplate.spec.template.spec.affinity;
  },
  "checkpoint CronJob whose identity may not checkpoint": (d) => {
    cron(d).spec.jobTemplate.spec.template.spec.serviceAccountName = "interco";
  },
  "checkpoint CronJob runs twice at once": (d) => { cron(d).spec.concurrencyPolicy = "Allow"; },
};
// Known-bad changes to the rendered text, which the strict reading must refuse.
const TEXT_MUTATIONS = {
  "an unquoted integer map key (kubectl apply: json: unsupported type)": (t) =>
    t.replace(/"9464":/, "9464:"),
  "a YAML 1.1 boolean as a key (kubectl would make it \"true\")": (t) =>
    t.replace(/^(\s+)mode: STRICT$/m, "$1on: STRICT"),
};
// The first object of kind `k` (named `name`, if given: kustomize versions differ in order).
function kind(docs, k, name) {
  return docs.find((d) => d.kind === k && (!name || d.metadata.name === name));
}
function set(docs) { return kind(docs, "StatefulSet"); }
function cron(docs) { return kind(docs, "CronJob"); }
let mutationCount = 0;
for (const [group, mutations, options] of [["base", MUTATIONS, {}],
                                           ["overlays/prod", PROD_MUTATIONS, { restrictScrapers: true, checkpointJob: true }]]) {
  if (!rendered[group]) continue;
  for (const [name, mutate] of Object.entries(mutations)) {
    ++mutationCount;
    const docs = parseStrict(rendered[group], group);
    try {
      mutate(docs);
    } catch (error) {
      problems.push(`self-test: "${name}" does not apply to ${group}: ${error.message}`);
      continue;
    }
    const found = [];
    validateSchemas(docs, "mutated", found);
    checkGroup(docs, "mutated", methods, found, options);
    checkScrapeConfig(scrape, docs, "mutated", found);
    if (!found.length) problems.push(`self-test: "${name}" was not detected`);
  }
}
for (const [name, mutate] of Object.entries(TEXT_MUTATIONS)) {
  if (!rendered.base) continue;
  ++mutationCount;
  const text = mutate(rendered.base);
  if (text === rendered.base) {
    problems.push(`self-test: "${name}" does not apply to base`);
    continue;
  }
  try {
    parseStrict(text, "mutated");
    problems.push(`self-test: "${name}" was not detected`);
  } catch {
    // Refused, as it must be.
  }
}
console.log(`self-test: ${mutationCount} known-bad changes each detected` +
            (problems.some((p) => p.startsWith("self-test")) ? " (except those listed)" : ""));

if (problems.length) {
  for (const problem of problems) console.error(`PROBLEM ${problem}`);
  process.exit(1);
}
console.log("manifests valid");

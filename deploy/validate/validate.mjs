// Offline validation of deploy/k8s: renders the base and each overlay (the subset of
// kustomize they use: resources, namespace, images, strategic-merge patches), validates
// every object against the Kubernetes and Istio schemas (kubernetes-models), and checks
// that the pieces fit: selectors, Service and StatefulSet names, ports, gRPC probes, the
// grace period against the drain deadline, the security context, volumes, metrics
// scraping, and that Istio's AuthorizationPolicy and the server's access policy name the
// same identities, exact RPC paths of the protos (no prefixes; every RPC admitted to
// someone) and compatible roles.
// Usage: node validate.mjs <repository root>. Exit 0 when everything holds.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { ConfigMap, Service, ServiceAccount } from "kubernetes-models/v1";
import { StatefulSet } from "kubernetes-models/apps/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import {
  AuthorizationPolicy,
  PeerAuthentication,
} from "@kubernetes-models/istio/security.istio.io/v1beta1";
import { checkAlerts, checkGroup, rpcMethods } from "./checks.mjs";

const MODELS = {
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "apps/v1/StatefulSet": StatefulSet,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "security.istio.io/v1beta1/PeerAuthentication": PeerAuthentication,
  "security.istio.io/v1beta1/AuthorizationPolicy": AuthorizationPolicy,
};

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// Strategic merge as kustomize does it for these manifests: objects merge, lists of
// named objects merge by name, anything else is replaced.
function merge(target, patch) {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (isObject(current) && isObject(value)) {
      merge(current, value);
    } else if (Array.isArray(current) && Array.isArray(value) &&
               value.every((v) => isObject(v) && (v.name || v.metadata?.name))) {
      for (const item of value) {
        const name = item.name ?? item.metadata.name;
        const match = current.find((c) => (c.name ?? c.metadata?.name) === name);
        if (match) merge(match, item); else current.push(item);
      }
    } else {
      target[key] = value;
    }
  }
}

function podSpecs(doc) {
  return doc.spec?.template?.spec ? [doc.spec.template.spec] : [];
}

export function render(dir) {
  const file = path.join(dir, "kustomization.yaml");
  const kustomization = YAML.parse(fs.readFileSync(file, "utf8"));
  const docs = [];
  for (const resource of kustomization.resources ?? []) {
    const target = path.join(dir, resource);
    if (fs.existsSync(path.join(target, "kustomization.yaml"))) {
      docs.push(...render(target));
    } else {
      for (const doc of YAML.parseAllDocuments(fs.readFileSync(target, "utf8"))) {
        if (doc.errors.length) throw new Error(`${target}: ${doc.errors[0].message}`);
        docs.push(doc.toJS());
      }
    }
  }
  for (const patch of kustomization.patches ?? []) {
    const body = YAML.parse(fs.readFileSync(path.join(dir, patch.path), "utf8"));
    const target = docs.find((d) => d.kind === patch.target.kind &&
                                    d.metadata.name === patch.target.name);
    if (!target) throw new Error(`${file}: patch ${patch.path} matches nothing`);
    merge(target, body);
  }
  if (kustomization.namespace) {
    for (const doc of docs) doc.metadata.namespace = kustomization.namespace;
  }
  for (const image of kustomization.images ?? []) {
    for (const doc of docs) {
      for (const spec of podSpecs(doc)) {
        for (const container of spec.containers) {
          const [name, tag] = container.image.split(":");
          if (name !== image.name) continue;
          container.image = `${image.newName ?? name}:${image.newTag ?? tag ?? "latest"}`;
        }
      }
    }
  }
  return docs;
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
const methods = rpcMethods(path.join(root, "proto/interco/v1"));
const groups = ["base", "overlays/dev", "overlays/prod"];
const problems = [];
for (const group of groups) {
  const docs = render(path.join(root, "deploy/k8s", group));
  validateSchemas(docs, group, problems);
  checkGroup(docs, group, methods, problems, { restrictScrapers: group === "overlays/prod" });
  console.log(`${group}: ${docs.length} objects rendered and checked`);
}
checkAlerts(YAML.parse(fs.readFileSync(path.join(root, "deploy/prometheus/alerts.yaml"), "utf8")),
            problems);
console.log("deploy/prometheus/alerts.yaml: every metric is one the server exports");

// The checks must be able to fail: each known-bad change to the base must be reported.
const MUTATIONS = {
  "no readiness probe": (d) => { delete set(d).spec.template.spec.containers[0].readinessProbe; },
  "Service selecting nothing": (d) => { kind(d, "Service").spec.selector = { app: "other" }; },
  "grace period shorter than the drain": (d) => {
    set(d).spec.template.spec.terminationGracePeriodSeconds = 10;
  },
  "two writers": (d) => { set(d).spec.replicas = 2; },
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
    const paths = kind(d, "AuthorizationPolicy").spec.rules[2].to[0].operation.paths;
    paths.splice(paths.indexOf("/interco.v1.AdminService/CreateCheckpoint"), 1);
  },
  "a controller admitted to posting": (d) => {
    kind(d, "AuthorizationPolicy").spec.rules[1].to[0].operation.paths.push(
        "/interco.v1.LedgerService/PostTransaction");
  },
  "a schema violation (Kubernetes)": (d) => { set(d).spec.template.spec.dnsPolicy = 42; },
  "a schema violation (Istio)": (d) => { kind(d, "AuthorizationPolicy").spec.action = 7; },
  "permissive mTLS": (d) => { kind(d, "PeerAuthentication").spec.mtls.mode = "PERMISSIVE"; },
};
// Known-bad changes to the production overlay.
const PROD_MUTATIONS = {
  "metrics beyond loopback without --allow_remote_metrics": (d) => {
    const args = set(d).spec.template.spec.containers[0].args;
    args.splice(args.indexOf("--allow_remote_metrics"), 1);
  },
  "no NetworkPolicy": (d) => { d.splice(d.indexOf(kind(d, "NetworkPolicy")), 1); },
  "anyone may scrape": (d) => {
    kind(d, "NetworkPolicy").spec.ingress.find((r) => r.from).from.push({ ipBlock: { cidr: "0.0.0.0/0" } });
  },
};
function kind(docs, k) { return docs.find((d) => d.kind === k); }
function set(docs) { return kind(docs, "StatefulSet"); }
for (const [group, mutations, options] of [["base", MUTATIONS, {}],
                                           ["overlays/prod", PROD_MUTATIONS, { restrictScrapers: true }]]) {
  for (const [name, mutate] of Object.entries(mutations)) {
    const docs = render(path.join(root, "deploy/k8s", group));
    try {
      mutate(docs);
    } catch (error) {
      problems.push(`self-test: "${name}" does not apply to ${group}: ${error.message}`);
      continue;
    }
    const found = [];
    validateSchemas(docs, "mutated", found);
    checkGroup(docs, "mutated", methods, found, options);
    if (!found.length) problems.push(`self-test: "${name}" was not detected`);
  }
}
const mutationCount = Object.keys(MUTATIONS).length + Object.keys(PROD_MUTATIONS).length;
console.log(`self-test: ${mutationCount} known-bad changes each detected` +
            (problems.some((p) => p.startsWith("self-test")) ? " (except those listed)" : ""));

if (problems.length) {
  for (const problem of problems) console.error(`PROBLEM ${problem}`);
  process.exit(1);
}
console.log("manifests valid");

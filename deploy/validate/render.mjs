// Rendering and reading manifests for the offline checks (validate.mjs, refusals.mjs):
// the real kustomize, a strict reading of its output, and the Kubernetes and Istio schemas.
import { execFileSync } from "node:child_process";
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
import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1beta1";
import { PodMonitor, PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";

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
  "networking.istio.io/v1beta1/DestinationRule": DestinationRule,
  "monitoring.coreos.com/v1/PodMonitor": PodMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": PrometheusRule,
};

const KUBECTL = process.env.KUBECTL || "kubectl";

// The YAML kustomize renders for the kustomization <root>/<under>/<group>; throws with
// kustomize's message.
export function kustomize(root, group, under = "deploy/k8s") {
  try {
    return execFileSync(KUBECTL, ["kustomize", path.join(root, under, group)],
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

export function render(root, group, under = "deploy/k8s") {
  return parseStrict(kustomize(root, group, under), group);
}

// Adds a problem for each object of `docs` without a schema here or not valid by it.
export function validateSchemas(docs, where, problems) {
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

// Offline validation of deploy/k8s: renders the base and each overlay with the real
// kustomize (`kubectl kustomize`), reads the output as the API server's JSON would (map
// keys must be strings: kustomize v5 and `kubectl apply` refuse an unquoted `9464:`),
// validates every object against the Kubernetes and Istio schemas (kubernetes-models),
// and checks that the pieces fit: one writer (replicas 1 and the server's single-writer
// guard), selectors, Service and StatefulSet names, ports, gRPC probes, the grace period
// against the drain deadline, the security context, volumes,
// the metrics scrape, the checkpoint CronJob, and that Istio's AuthorizationPolicy and the
// server's access policy name the same identities, exact RPC paths of the protos (read
// by protoc; no prefixes; every RPC admitted to someone) and compatible roles, the
// DestinationRule of the client Service; that the restore helper pod (deploy/k8s/restore,
// rendered by kustomize) mounts the claims as the CronJob does and has resources; the
// alerting rules (every metric exported by a scraped job, read from the server's source by
// metrics.mjs; a description and a runbook_url naming a section of docs/OPERATIONS.md); and
// the Prometheus operator's objects (deploy/prometheus/operator): the PrometheusRule equal
// to alerts.yaml as generate.mjs writes it, the PodMonitor against the StatefulSet.
// Usage: node validate.mjs <repository root>. Exit 0 when everything holds.
// $KUBECTL names the kubectl to render with (default: the one on the PATH).
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import YAML from "yaml";
import { checkAlerts, checkEtcd, checkGroup, checkPodMonitor, checkScrapeConfig } from "./checks.mjs";
import { PROMETHEUS_RULE, prometheusRule } from "./generate.mjs";
import { markdownAnchors, metricCatalog } from "./metrics.mjs";
import { intercoMethods, standardMethods } from "./protos.mjs";
import { kustomize, parseStrict, validateSchemas } from "./render.mjs";

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
// The etcd cluster's objects (overlay ha) apart from the server's, which checkGroup reads.
const isEtcd = (d) => d.metadata?.labels?.["app.kubernetes.io/name"] === "etcd";
for (const group of ["base", "overlays/dev", "overlays/prod", "overlays/ha"]) {
  let all;
  try {
    rendered[group] = kustomize(root, group);
    all = parseStrict(rendered[group], group);
  } catch (error) {
    problems.push(error.message);
    continue;
  }
  validateSchemas(all, group, problems);
  const docs = all.filter((d) => !isEtcd(d));
  if (group === "overlays/ha") {
    checkEtcd(all, docs.find((d) => d.kind === "StatefulSet"), group, problems);
  }
  const prod = group === "overlays/prod";
  checkGroup(docs, group, methods, problems, { restrictScrapers: prod, checkpointJob: prod });
  checkScrapeConfig(scrape, docs, group, problems);
  console.log(`${group}: ${docs.length} objects rendered by kustomize and checked`);
}
// The restore helper pod mounts the claims where the server and the CronJob do, so the
// paths in docs/OPERATIONS.md mean the same in all three; it has requests and limits.
function checkRestore(restore, prod, problems) {
  const where = "deploy/k8s/restore";
  const pods = restore.filter((d) => d.kind === "Pod");
  if (pods.length !== 1) {
    problems.push(`${where}: one Pod expected`);
    return;
  }
  const spec = pods[0].spec;
  const job = prod.find((d) => d.kind === "CronJob");
  if (pods[0].metadata.namespace !== job?.metadata.namespace) {
    problems.push(`${where}: the pod must be in ${job?.metadata.namespace}, the claims' namespace`);
  }
  const mounts = Object.fromEntries(spec.containers[0].volumeMounts.map(
      (m) => [spec.volumes.find((v) => v.name === m.name)?.persistentVolumeClaim?.claimName,
              m.mountPath]));
  const jobPod = job?.spec.jobTemplate.spec.template.spec;
  for (const mount of jobPod?.containers[0].volumeMounts ?? []) {
    const claim = jobPod.volumes.find((v) => v.name === mount.name)?.persistentVolumeClaim?.claimName;
    if (mounts[claim] !== mount.mountPath) {
      problems.push(`${where}: claim ${claim} must be mounted at ${mount.mountPath}, as the CronJob does`);
    }
  }
  for (const container of spec.containers) {
    for (const kind of ["requests", "limits"]) {
      if (!container.resources?.[kind]?.cpu || !container.resources?.[kind]?.memory) {
        problems.push(`${where}: container ${container.name}: resources.${kind} needs cpu and memory`);
      }
    }
  }
}
let restore = [];
try {
  restore = parseStrict(kustomize(root, "restore"), "restore");
  validateSchemas(restore, "deploy/k8s/restore", problems);
  checkRestore(restore, parseStrict(rendered["overlays/prod"] ?? "", "prod"), problems);
  console.log("deploy/k8s/restore: rendered by kustomize; mounts the claims as the checkpoint " +
              "CronJob does, with resources");
} catch (error) {
  problems.push(error.message);
}

// The alerting rules, and the same rules as the operator's PrometheusRule.
const catalog = metricCatalog(root);
problems.push(...catalog.problems);
const anchors = markdownAnchors(fs.readFileSync(path.join(root, "docs/OPERATIONS.md"), "utf8"));
const alerts = YAML.parse(fs.readFileSync(path.join(root, "deploy/prometheus/alerts.yaml"), "utf8"));
checkAlerts(alerts, scrape, catalog, anchors, problems);
console.log(`deploy/prometheus/alerts.yaml: every metric one a scraped job exports (${catalog.metrics.size} ` +
            "known, the server's read from its source); each alert has a description and a runbook " +
            "section in docs/OPERATIONS.md");
function checkOperator(objects, prod, problems) {
  const where = "deploy/prometheus/operator";
  const rules = objects.filter((d) => d.kind === "PrometheusRule");
  if (rules.length !== 1 || !isDeepStrictEqual(rules[0].spec.groups, alerts.groups)) {
    problems.push(`${where}: the PrometheusRule must hold exactly the groups of alerts.yaml ` +
                  "(run node deploy/validate/generate.mjs .)");
  }
  checkPodMonitor(objects.filter((d) => d.kind === "PodMonitor"), prod, where, problems);
}
let operator = [];
try {
  if (fs.readFileSync(path.join(root, PROMETHEUS_RULE), "utf8") !== prometheusRule(root)) {
    problems.push(`${PROMETHEUS_RULE} differs from what generate.mjs makes of alerts.yaml ` +
                  "(run node deploy/validate/generate.mjs .)");
  }
  operator = parseStrict(kustomize(root, "operator", "deploy/prometheus"), "operator");
  validateSchemas(operator, "deploy/prometheus/operator", problems);
  checkOperator(operator, parseStrict(rendered["overlays/prod"] ?? "", "prod"), problems);
  console.log("deploy/prometheus/operator: the PrometheusRule is alerts.yaml, the PodMonitor is " +
              "the job interco of prometheus.yml");
} catch (error) {
  problems.push(error.message);
}

// The checks must be able to fail: each known-bad change to the base must be reported.
const MUTATIONS = {
  "no readiness probe": (d) => { delete set(d).spec.template.spec.containers[0].readinessProbe; },
  "a readiness probe on the kubelet's default timeout": (d) => {
    delete set(d).spec.template.spec.containers[0].readinessProbe.timeoutSeconds;
  },
  "liveness on the overall health": (d) => {
    delete set(d).spec.template.spec.containers[0].livenessProbe.grpc.service;
  },
  "Service selecting nothing": (d) => { kind(d, "Service").spec.selector = { app: "other" }; },
  "grace period shorter than the drain": (d) => {
    set(d).spec.template.spec.terminationGracePeriodSeconds = 10;
  },
  "two writers": (d) => { set(d).spec.replicas = 2; },
  "no single-writer guard (a scaled-up replica would serve a second ledger)": (d) => {
    const args = set(d).spec.template.spec.containers[0].args;
    args.splice(args.indexOf("--single_writer_pod=interco-0"), 1);
  },
  "the single writer is another pod than the first": (d) => {
    const args = set(d).spec.template.spec.containers[0].args;
    args[args.indexOf("--single_writer_pod=interco-0")] = "--single_writer_pod=interco-1";
  },
  "POD_NAME not from the downward API": (d) => {
    delete set(d).spec.template.spec.containers[0].env;
  },
  "a fixed --pod_name (every replica would pass the guard)": (d) => {
    set(d).spec.template.spec.containers[0].args.push("--pod_name=interco-0");
  },
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
  "callers' sidecars without mutual TLS (DestinationRule tls DISABLE)": (d) => {
    kind(d, "DestinationRule").spec.trafficPolicy.tls.mode = "DISABLE";
  },
  "the only writer ejected on its own UNAVAILABLE answers": (d) => {
    delete kind(d, "DestinationRule").spec.trafficPolicy.outlierDetection.consecutive5xxErrors;
  },
  "no DestinationRule for the Service": (d) => { d.splice(d.indexOf(kind(d, "DestinationRule")), 1); },
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
function set(docs) { return kind(docs, "StatefulSet", "interco"); }
function cron(docs) { return kind(docs, "CronJob"); }
// Known-bad changes to the replicated overlay.
const HA_MUTATIONS = {
  "replicated mode with the single-writer guard": (d) => {
    set(d).spec.template.spec.containers[0].args.push("--single_writer_pod=interco-0");
  },
  "replicated mode on 2 replicas": (d) => { set(d).spec.replicas = 2; },
  "replicated pods allowed on one node": (d) => { delete set(d).spec.template.spec.affinity; },
  "etcd without a budget": (d) => {
    d.splice(d.findIndex((o) => o.kind === "PodDisruptionBudget" && o.metadata.name === "etcd"), 1);
  },
  "etcd refusing a log record": (d) => {
    const args = kind(d, "StatefulSet", "etcd").spec.template.spec.containers[0].args;
    args[args.findIndex((a) => a.startsWith("--max-request-bytes"))] = "--max-request-bytes=1048576";
  },
  "replicated pods advertising no address to forward to": (d) => {
    const args = set(d).spec.template.spec.containers[0].args;
    args.splice(args.findIndex((a) => a.startsWith("--advertise_address")), 1);
  },
  "the mesh not admitting a pod's forwarded calls": (d) => {
    for (const rule of kind(d, "AuthorizationPolicy").spec.rules) {
      for (const from of rule.from ?? []) {
        if (from.source?.principals) {
          from.source.principals = from.source.principals.filter((p) => !p.endsWith("/sa/interco"));
        }
      }
    }
  },
  "etcd serving https while interco dials plaintext": (d) => etcdOverTls(d, false),
  "etcd wanting client certificates interco does not present": (d) => {
    etcdOverTls(d, true);
    intercoEtcdTls(d, ["etcd_ca_file"], "/etc/etcd-client-tls");
  },
  "interco speaking TLS to etcd's plaintext client URLs": (d) => {
    intercoEtcdTls(d, ["etcd_ca_file", "etcd_cert_file", "etcd_key_file"], "/etc/etcd-client-tls");
  },
  "etcd TLS files from the image, not a mounted Secret": (d) => {
    etcdOverTls(d, true);
    intercoEtcdTls(d, ["etcd_ca_file", "etcd_cert_file", "etcd_key_file"], "/opt/etcd-tls");
  },
  "etcd endpoints naming a member that does not exist": (d) => {
    const args = set(d).spec.template.spec.containers[0].args;
    const i = args.findIndex((a) => a.startsWith("--etcd_endpoints"));
    args[i] = args[i].replace("etcd-2.etcd", "etcd-3.etcd");
  },
};
// etcd's clients on https (with --client-cert-auth if `clientCerts`), cert-manager's Secret
// mounted at /etc/etcd/tls.
function etcdOverTls(docs, clientCerts) {
  const args = kind(docs, "StatefulSet", "etcd").spec.template.spec.containers[0].args;
  for (let i = 0; i < args.length; ++i) {
    if (/^--(listen|advertise)-client-urls=/.test(args[i])) args[i] = args[i].replaceAll("http://", "https://");
  }
  args.push("--cert-file=/etc/etcd/tls/tls.crt", "--key-file=/etc/etcd/tls/tls.key",
            "--trusted-ca-file=/etc/etcd/tls/ca.crt", ...(clientCerts ? ["--client-cert-auth"] : []));
}
// interco's `flags` naming files under `dir`, where the Secret interco-etcd-client-tls is mounted
// only when `dir` is /etc/etcd-client-tls.
function intercoEtcdTls(docs, flags, dir) {
  const pod = set(docs).spec.template.spec;
  const names = { etcd_ca_file: "ca.crt", etcd_cert_file: "tls.crt", etcd_key_file: "tls.key" };
  pod.containers[0].args.push(...flags.map((f) => `--${f}=${dir}/${names[f]}`));
  if (dir !== "/etc/etcd-client-tls") return;
  pod.volumes.push({ name: "etcd-tls", secret: { secretName: "interco-etcd-client-tls" } });
  pod.containers[0].volumeMounts.push({ name: "etcd-tls", mountPath: dir, readOnly: true });
}
let mutationCount = 0;
for (const [group, mutations, options] of [["base", MUTATIONS, {}],
                                           ["overlays/ha", HA_MUTATIONS, {}],
                                           ["overlays/prod", PROD_MUTATIONS, { restrictScrapers: true, checkpointJob: true }]]) {
  if (!rendered[group]) continue;
  const check = (all) => {
    const found = [];
    validateSchemas(all, "mutated", found);
    const docs = all.filter((d) => !isEtcd(d));
    if (group === "overlays/ha") {
      checkEtcd(all, docs.find((d) => d.kind === "StatefulSet"), "mutated", found);
    }
    checkGroup(docs, "mutated", methods, found, options);
    checkScrapeConfig(scrape, docs, "mutated", found);
    return found;
  };
  // A change is detected by a problem the unchanged group does not have: while the shipped
  // manifests have a problem of their own (reported above), it must not pass for a detection.
  const unchanged = new Set(check(parseStrict(rendered[group], group)));
  for (const [name, mutate] of Object.entries(mutations)) {
    ++mutationCount;
    const docs = parseStrict(rendered[group], group);
    try {
      mutate(docs);
    } catch (error) {
      problems.push(`self-test: "${name}" does not apply to ${group}: ${error.message}`);
      continue;
    }
    if (!check(docs).some((p) => !unchanged.has(p))) {
      problems.push(`self-test: "${name}" was not detected`);
    }
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
// Known-bad changes to the restore pod, the alerting rules and the operator's objects.
const prodDocs = () => parseStrict(rendered["overlays/prod"] ?? "", "prod");
const OTHER_MUTATIONS = {
  "restore pod without limits": () => {
    const docs = structuredClone(restore);
    delete docs[0].spec.containers[0].resources.limits;
    return (found) => checkRestore(docs, prodDocs(), found);
  },
  "restore pod mounting the archive elsewhere": () => {
    const docs = structuredClone(restore);
    docs[0].spec.containers[0].volumeMounts.find((m) => m.name === "archive").mountPath = "/backup";
    return (found) => checkRestore(docs, prodDocs(), found);
  },
  "an alert reading a metric nothing exports": () => {
    const rules = structuredClone(alerts);
    rules.groups[0].rules[0].expr = "interco_ledger_head_sequnce > 0";
    return (found) => checkAlerts(rules, scrape, catalog, anchors, found);
  },
  "an alert on a RocksDB property the server does not export": () => {
    const rules = structuredClone(alerts);
    rules.groups[0].rules[0].expr = 'interco_rocksdb_property{property="num-files-at-level0"} > 0';
    return (found) => checkAlerts(rules, scrape, catalog, anchors, found);
  },
  "an alert on kubelet figures without the kubelet scrape job": () => {
    const config = structuredClone(scrape);
    config.scrape_configs = config.scrape_configs.filter((j) => j.job_name !== "kubelet");
    return (found) => checkAlerts(alerts, config, catalog, anchors, found);
  },
  "an alert without a runbook_url": () => {
    const rules = structuredClone(alerts);
    delete rules.groups[0].rules[0].annotations.runbook_url;
    return (found) => checkAlerts(rules, scrape, catalog, anchors, found);
  },
  "a runbook_url naming no section of docs/OPERATIONS.md": () => {
    const rules = structuredClone(alerts);
    rules.groups[0].rules[0].annotations.runbook_url += "-gone";
    return (found) => checkAlerts(rules, scrape, catalog, anchors, found);
  },
  "a PrometheusRule that drifted from alerts.yaml": () => {
    const docs = structuredClone(operator);
    kind(docs, "PrometheusRule").spec.groups[0].rules[0].for = "10m";
    return (found) => checkOperator(docs, prodDocs(), found);
  },
  "a PodMonitor whose job label is not interco": () => {
    const docs = structuredClone(operator);
    delete kind(docs, "PodMonitor").spec.jobLabel;
    return (found) => checkOperator(docs, prodDocs(), found);
  },
  "a PodMonitor on the sidecar's merged port": () => {
    const docs = structuredClone(operator);
    kind(docs, "PodMonitor").spec.podMetricsEndpoints[0].port = "http-envoy-prom";
    return (found) => checkOperator(docs, prodDocs(), found);
  },
};
const baseline = {
  restore: () => { const f = []; checkRestore(restore, prodDocs(), f); return f; },
  alerts: () => { const f = []; checkAlerts(alerts, scrape, catalog, anchors, f); return f; },
  operator: () => { const f = []; checkOperator(operator, prodDocs(), f); return f; },
};
const unchangedOther = new Set(Object.values(baseline).flatMap((b) => b()));
for (const [name, mutate] of Object.entries(OTHER_MUTATIONS)) {
  ++mutationCount;
  const found = [];
  try {
    mutate()(found);
  } catch (error) {
    problems.push(`self-test: "${name}" does not apply: ${error.message}`);
    continue;
  }
  if (!found.some((p) => !unchangedOther.has(p))) problems.push(`self-test: "${name}" was not detected`);
}
console.log(`self-test: ${mutationCount} known-bad changes each detected` +
            (problems.some((p) => p.startsWith("self-test")) ? " (except those listed)" : ""));

if (problems.length) {
  for (const problem of problems) console.error(`PROBLEM ${problem}`);
  process.exit(1);
}
console.log("manifests valid");

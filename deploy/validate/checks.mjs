// Cross-object checks for one rendered group of manifests; see validate.mjs.
import fs from "node:fs";
import path from "node:path";

// The permission each RPC needs, as the server's handlers check it
// (services/api/*_service.cc); a role's permissions as services/security/access_policy.cc.
const PERMISSION = {
  UpsertEntity: "admin", UpsertDepartment: "admin", UpsertEmployee: "admin",
  AddOwnershipEdge: "admin", EndOwnershipEdge: "admin", GetStructure: "read",
  ListStructureVersions: "read", Classify: "read", Quote: "read", UpsertPolicy: "admin",
  UpsertFxRate: "admin", UpsertAccountMap: "admin", ClosePeriod: "admin", ReopenPeriod: "admin",
  PostTransaction: "post", BatchPostTransactions: "post", StreamPostTransactions: "post",
  ReverseTransaction: "post", GetEntry: "read", ListEntries: "read", VerifyLedger: "consolidate",
  RunConsolidation: "consolidate", GetMismatches: "consolidate", CreateCheckpoint: "admin",
  GetEntity: "read", ListEntities: "read", GetDepartment: "read", ListDepartments: "read",
  GetEmployee: "read", ListEmployees: "read", GetOwnershipEdge: "read", ListOwnershipEdges: "read",
  GetPolicy: "read", ListPolicies: "read", GetFxRate: "read", ListFxRates: "read",
  GetAccountMap: "read", ListAccountMaps: "read", GetClosedPeriod: "read",
  ListClosedPeriods: "read",
};
const ROLE = {
  admin: ["admin", "read", "post", "consolidate"],
  poster: ["read", "post"],
  controller: ["read", "consolidate"],
};
// The methods of the standard services the server registers (health, reflection).
const STANDARD_METHODS = ["/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch",
                          "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"];

// "/interco.v1.Service/Method" for every rpc in the proto files.
export function rpcMethods(protoDir) {
  const methods = new Set();
  for (const file of fs.readdirSync(protoDir).filter((f) => f.endsWith(".proto"))) {
    let service = null;
    for (const line of fs.readFileSync(path.join(protoDir, file), "utf8").split("\n")) {
      const s = line.match(/^service (\w+)/);
      if (s) service = s[1];
      const r = line.match(/^\s*rpc (\w+)\(/);
      if (r && service) methods.add(`/interco.v1.${service}/${r[1]}`);
    }
  }
  return methods;
}

const subset = (labels, of) =>
  !!labels && Object.entries(labels).every(([k, v]) => of?.[k] === v);

function flag(args, name) {
  const found = (args ?? []).find((a) => a.startsWith(`--${name}=`));
  return found?.slice(name.length + 3);
}

function checkWorkload(set, docs, where, problems) {
  const pod = set.spec.template;
  const labels = pod.metadata.labels;
  const [container, ...others] = pod.spec.containers;
  const fail = (what) => problems.push(`${where}: StatefulSet ${set.metadata.name}: ${what}`);
  if (others.length) fail("one container expected (the sidecar is injected)");
  if (set.spec.replicas !== 1) fail("the ledger has one writer: replicas must be 1");
  if (!subset(set.spec.selector.matchLabels, labels)) fail("selector does not match the pod");
  const port = (name) => container.ports?.find((p) => p.name === name)?.containerPort;
  if (!port("grpc") || !port("metrics")) fail("container ports named grpc and metrics needed");
  if (Number(flag(container.args, "listen")?.split(":").pop()) !== port("grpc")) {
    fail("--listen port differs from the grpc container port");
  }
  const metricsListen = flag(container.args, "metrics_listen") ?? "";
  if (Number(metricsListen.split(":").pop()) !== port("metrics")) {
    fail("--metrics_listen port differs from the metrics container port");
  }
  const loopback = /^(127\.|localhost:|\[::1\]:)/.test(metricsListen);
  if (!loopback && !(container.args ?? []).includes("--allow_remote_metrics")) {
    fail("--metrics_listen beyond loopback needs --allow_remote_metrics, or the server exits");
  }
  for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
    if (container[probe]?.grpc?.port !== port("grpc")) fail(`${probe} must be gRPC on the grpc port`);
  }
  const drain = Number(flag(container.args, "drain_deadline_ms") ?? 10000);
  if (!(pod.spec.terminationGracePeriodSeconds * 1000 > drain + 5000)) {
    fail("terminationGracePeriodSeconds must exceed the drain deadline by at least 5 s");
  }
  const sc = container.securityContext ?? {};
  if (!pod.spec.securityContext?.runAsNonRoot) fail("runAsNonRoot is required");
  if (!sc.readOnlyRootFilesystem) fail("readOnlyRootFilesystem is required");
  if (sc.allowPrivilegeEscalation !== false) fail("allowPrivilegeEscalation must be false");
  if (!(sc.capabilities?.drop ?? []).includes("ALL")) fail("capabilities must drop ALL");
  for (const kind of ["requests", "limits"]) {
    if (!container.resources?.[kind]?.cpu || !container.resources?.[kind]?.memory) {
      fail(`resources.${kind} needs cpu and memory`);
    }
  }
  const mounts = container.volumeMounts ?? [];
  const claims = (set.spec.volumeClaimTemplates ?? []).map((c) => c.metadata.name);
  const volumes = (pod.spec.volumes ?? []).map((v) => v.name);
  for (const mount of mounts) {
    if (!claims.includes(mount.name) && !volumes.includes(mount.name)) {
      fail(`volumeMount ${mount.name} has no volume or claim`);
    }
  }
  const under = (file, names) => mounts.some((m) => names.includes(m.name) &&
                                                     file?.startsWith(m.mountPath + "/"));
  if (!under(flag(container.args, "data_dir"), claims)) fail("--data_dir is not on the claim");
  const policyFile = flag(container.args, "access_policy_file");
  const policyMount = mounts.find((m) => policyFile?.startsWith(m.mountPath + "/"));
  const policyVolume = pod.spec.volumes?.find((v) => v.name === policyMount?.name);
  const configMap = docs.find((d) => d.kind === "ConfigMap" &&
                                     d.metadata.name === policyVolume?.configMap?.name);
  const key = policyFile?.slice((policyMount?.mountPath ?? "").length + 1);
  if (!configMap?.data?.[key]) fail("--access_policy_file is not a key of a mounted ConfigMap");
  const annotations = pod.metadata.annotations ?? {};
  if (annotations["prometheus.io/scrape"] !== "true" ||
      Number(annotations["prometheus.io/port"]) !== port("metrics")) {
    fail("prometheus.io annotations must scrape the metrics port");
  }
  if (!docs.some((d) => d.kind === "ServiceAccount" &&
                        d.metadata.name === pod.spec.serviceAccountName)) {
    fail("its serviceAccountName has no ServiceAccount");
  }
  return {
    labels,
    grpcPort: port("grpc"),
    metricsPort: port("metrics"),
    policy: configMap ? JSON.parse(configMap.data[key]) : { identities: [] },
  };
}

function checkServices(set, docs, labels, where, problems) {
  const services = docs.filter((d) => d.kind === "Service");
  const headless = services.find((s) => s.metadata.name === set.spec.serviceName);
  if (headless?.spec.clusterIP !== "None") {
    problems.push(`${where}: serviceName ${set.spec.serviceName} is not a headless Service`);
  }
  for (const service of services) {
    if (!subset(service.spec.selector, labels)) {
      problems.push(`${where}: Service ${service.metadata.name} selects no pod of the StatefulSet`);
    }
    const grpc = service.spec.ports.find((p) => p.name === "grpc");
    if (grpc?.appProtocol !== "grpc" || grpc?.targetPort !== "grpc") {
      problems.push(`${where}: Service ${service.metadata.name} needs port grpc with appProtocol grpc`);
    }
  }
  if (!services.some((s) => s.spec.clusterIP !== "None")) {
    problems.push(`${where}: a client Service (not headless) is needed`);
  }
}

function checkMesh(docs, labels, policy, methods, grpcPort, where, problems) {
  const fail = (what) => problems.push(`${where}: ${what}`);
  const selected = (kind) => docs.filter((d) => d.kind === kind &&
                                                subset(d.spec.selector?.matchLabels, labels));
  if (!selected("PodDisruptionBudget").length) fail("no PodDisruptionBudget selects the pod");
  if (!selected("PeerAuthentication").some((p) => p.spec.mtls?.mode === "STRICT")) {
    fail("no STRICT PeerAuthentication selects the pod");
  }
  const roles = new Map((policy.identities ?? []).map((i) => [i.identity, i.role]));
  const admitted = new Set();
  for (const authz of selected("AuthorizationPolicy")) {
    for (const rule of authz.spec.rules ?? []) {
      const principals = (rule.from ?? []).flatMap((f) => f.source?.principals ?? []);
      const ports = (rule.to ?? []).flatMap((t) => t.operation?.ports ?? []);
      if (ports.length && !ports.includes(String(grpcPort))) continue;  // Not the gRPC port.
      const paths = (rule.to ?? []).flatMap((t) => t.operation?.paths ?? []);
      if (!paths.length) fail("an AuthorizationPolicy rule on the gRPC port must list its paths");
      for (const p of paths.filter((x) => x.includes("*"))) {
        // A prefix admits whatever the server may one day serve under it, and every
        // made-up path beneath it reaches the server; only real methods may pass.
        fail(`AuthorizationPolicy path ${p} is a prefix: list the real method paths`);
      }
      for (const p of paths.filter((x) => !x.includes("*"))) {
        if (!methods.has(p) && !STANDARD_METHODS.includes(p)) {
          fail(`AuthorizationPolicy path ${p} is no RPC of the server`);
        }
        admitted.add(p);
      }
      for (const principal of principals.filter((x) => x !== "*")) {
        const role = roles.get(`spiffe://${principal}`);
        if (!role) {
          fail(`principal ${principal} is admitted by Istio but not in the access policy`);
          continue;
        }
        for (const p of paths.filter((x) => x.startsWith("/interco.v1."))) {
          const needed = p.includes("*") ? "admin" : PERMISSION[p.split("/").pop()];
          if (!ROLE[role].includes(needed)) {
            fail(`principal ${principal} (${role}) is admitted to ${p}, which its role forbids`);
          }
        }
      }
    }
  }
  // A new RPC the policy does not name is unreachable through the mesh: name it.
  for (const m of methods) {
    if (!admitted.has(m)) fail(`RPC ${m} is admitted to no one by the AuthorizationPolicy`);
  }
}

// The metrics port is plaintext HTTP outside the mesh's mTLS (PERMISSIVE): a NetworkPolicy
// selecting the pod must admit it only from named sources, and still admit the gRPC port.
function checkScrapers(docs, labels, ports, where, problems) {
  const fail = (what) => problems.push(`${where}: ${what}`);
  const policies = docs.filter((d) => d.kind === "NetworkPolicy" &&
                                      subset(d.spec.podSelector?.matchLabels ?? {}, labels) &&
                                      (d.spec.policyTypes ?? ["Ingress"]).includes("Ingress"));
  if (!policies.length) {
    fail("no NetworkPolicy restricts who may scrape the metrics port");
    return;
  }
  const admits = (rule, port, name) =>
    !rule.ports?.length || rule.ports.some((p) => p.port === port || p.port === name);
  const anyone = (peer) =>
    (!peer.podSelector && !peer.ipBlock &&
     Object.keys(peer.namespaceSelector?.matchLabels ?? {}).length === 0) ||
    ["0.0.0.0/0", "::/0"].includes(peer.ipBlock?.cidr);
  const rules = policies.flatMap((p) => p.spec.ingress ?? []);
  for (const rule of rules.filter((r) => admits(r, ports.metrics, "metrics"))) {
    if (!rule.from?.length || rule.from.some(anyone)) {
      fail("a NetworkPolicy admits anyone to the metrics port");
    }
  }
  if (!rules.some((r) => admits(r, ports.grpc, "grpc"))) {
    fail("the NetworkPolicy admits no one to the gRPC port");
  }
}

// `options.restrictScrapers`: require checkScrapers (production).
export function checkGroup(docs, where, methods, problems, options = {}) {
  const sets = docs.filter((d) => d.kind === "StatefulSet");
  if (sets.length !== 1) {
    problems.push(`${where}: exactly one StatefulSet expected`);
    return;
  }
  const { labels, grpcPort, metricsPort, policy } = checkWorkload(sets[0], docs, where, problems);
  checkServices(sets[0], docs, labels, where, problems);
  checkMesh(docs, labels, policy, methods, grpcPort, where, problems);
  if (options.restrictScrapers) {
    checkScrapers(docs, labels, { grpc: grpcPort, metrics: metricsPort }, where, problems);
  }
}

// The metrics the server exports (services/observability/metrics.h); histograms also
// export _bucket, _count and _sum.
const EXPORTED = new Set([
  "grpc_server_handled_total", "interco_ledger_postings_appended_total",
  "interco_ledger_lines_appended_total", "interco_ledger_commit_errors_total",
  "interco_ledger_queue_postings", "interco_rocksdb_property",
  ...["grpc_server_handling_seconds", "interco_ledger_commit_postings",
      "interco_ledger_commit_write_seconds"].flatMap((h) => [`${h}_bucket`, `${h}_count`, `${h}_sum`]),
]);

export function checkAlerts(rules, problems) {
  for (const group of rules.groups ?? []) {
    for (const rule of group.rules ?? []) {
      for (const metric of String(rule.expr).match(/\b(interco|grpc_server)_[a-z_]+/g) ?? []) {
        if (!EXPORTED.has(metric)) problems.push(`alert ${rule.alert}: ${metric} is not exported`);
      }
      if (!rule.labels?.severity || !rule.annotations?.summary) {
        problems.push(`alert ${rule.alert}: needs a severity and a summary`);
      }
    }
  }
}

// Cross-object checks for one rendered group of manifests; see validate.mjs.
import fs from "node:fs";
import { checkExpression, scrapedJobs } from "./metrics.mjs";

// The permission each RPC needs and each role's permissions: the server's own table
// (services/security/method_permissions.cc and access_policy.cc), printed as JSON by
// //services/security:method_table_json, which scripts/validate_deploy.sh runs and names in
// INTERCO_METHOD_TABLE. One source: no copy of the table lives here.
const TABLE = JSON.parse(fs.readFileSync(process.env.INTERCO_METHOD_TABLE, "utf8"));
const PERMISSION = TABLE.methods;  // "/interco.v1.LedgerService/PostTransaction" -> "post".
const ROLE = TABLE.roles;
const subset = (labels, of) =>
  !!labels && Object.entries(labels).every(([k, v]) => of?.[k] === v);

function flag(args, name) {
  const found = (args ?? []).find((a) => a.startsWith(`--${name}=`));
  return found?.slice(name.length + 3);
}

// Embedded mode (no --etcd_endpoints): the pod's RocksDB is the ledger, and each replica gets its own volume from
// volumeClaimTemplates, so a second replica would serve a second, empty ledger behind the
// same Service. One replica, and the server's guard for when someone scales it anyway:
// --single_writer_pod names the first pod, compared with POD_NAME from the downward API.
function checkSingleWriter(set, container, fail) {
  if (set.spec.replicas !== 1) {
    fail(`embedded mode has one writer: replicas must be 1, not ${set.spec.replicas} ` +
         "(each replica gets its own volume: the Service would split postings between ledgers)");
  }
  const writer = `${set.metadata.name}-0`;
  if (flag(container.args, "single_writer_pod") !== writer) {
    fail(`embedded mode needs --single_writer_pod=${writer}, so that a replica added by ` +
         "`kubectl scale` exits instead of serving a second ledger");
  }
  const podName = (container.env ?? []).find((e) => e.name === "POD_NAME");
  if (podName?.valueFrom?.fieldRef?.fieldPath !== "metadata.name") {
    fail("POD_NAME must come from the downward API (fieldRef metadata.name): " +
         "--single_writer_pod is compared with it");
  }
  if ((container.args ?? []).some((a) => a.startsWith("--pod_name"))) {
    fail("--pod_name must be left to default to POD_NAME: a fixed name would let every " +
         "replica pass --single_writer_pod");
  }
}

// Replicated mode (--etcd_endpoints; overlay ha): etcd's fence keeps each group to one
// writer, so several replicas are the point. At least 3 (one lost leaves two to take its
// groups), never the single-writer guard (every replica after the first would exit), each
// pod's name from the downward API (its name as a group's owner must be unique), one pod
// per node (a node lost is one pod lost), and at least 3 etcd endpoints.
function checkReplicated(set, container, fail) {
  if (!(set.spec.replicas >= 3)) {
    fail(`replicated mode runs at least 3 replicas, not ${set.spec.replicas}`);
  }
  if (flag(container.args, "single_writer_pod") !== undefined) {
    fail("replicated mode must not pass --single_writer_pod: every replica but the first would exit");
  }
  const podName = (container.env ?? []).find((e) => e.name === "POD_NAME");
  if (podName?.valueFrom?.fieldRef?.fieldPath !== "metadata.name" ||
      (container.args ?? []).some((a) => a.startsWith("--pod_name"))) {
    fail("each pod's owner name must be its own: POD_NAME from the downward API, no --pod_name");
  }
  const endpoints = (flag(container.args, "etcd_endpoints") ?? "").split(",").filter(Boolean);
  if (endpoints.length < 3 || endpoints.some((e) => !/^[^:]+:\d+$/.test(e))) {
    fail("--etcd_endpoints must name at least 3 members as host:port");
  }
  const spread = (set.spec.template.spec.affinity?.podAntiAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution ?? [])
      .some((t) => t.topologyKey === "kubernetes.io/hostname" &&
                   subset(t.labelSelector?.matchLabels, set.spec.template.metadata.labels));
  if (!spread) fail("replicated mode needs one pod per node (required podAntiAffinity on kubernetes.io/hostname)");
}

function checkWorkload(set, docs, where, problems) {
  const pod = set.spec.template;
  const labels = pod.metadata.labels;
  const [container, ...others] = pod.spec.containers;
  const fail = (what) => problems.push(`${where}: StatefulSet ${set.metadata.name}: ${what}`);
  if (others.length) fail("one container expected (the sidecar is injected)");
  if (flag(container.args, "etcd_endpoints") !== undefined) {
    checkReplicated(set, container, fail);
  } else {
    checkSingleWriter(set, container, fail);
  }
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
    // The kubelet's default is 1 s; an explicit bound says what the probe tolerates.
    if (!(container[probe]?.timeoutSeconds >= 1)) fail(`${probe} needs an explicit timeoutSeconds`);
  }
  // The overall health goes NOT_SERVING while the database refuses writes, and a restart
  // brings no disk space back: liveness asks the name that only says the process is alive.
  if (container.livenessProbe?.grpc?.service !== "interco.v1.Liveness") {
    fail("livenessProbe must ask service interco.v1.Liveness, or refused writes restart the pod");
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
  // With Istio's metrics merging the sidecar's agent answers the scrape for the app: a
  // dead server then still reads up == 1. The job in deploy/prometheus scrapes the
  // metrics port itself (checkScrapeConfig).
  if ((pod.metadata.annotations ?? {})["prometheus.istio.io/merge-metrics"] !== "false") {
    fail('the pod needs prometheus.istio.io/merge-metrics: "false" (Istio would hide up)');
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
  const budgets = selected("PodDisruptionBudget");
  if (!budgets.length) fail("no PodDisruptionBudget selects the pod");
  // One replica: a budget that allows no disruption blocks every node drain for ever.
  for (const pdb of budgets) {
    if (pdb.spec.minAvailable !== undefined || pdb.spec.maxUnavailable !== 1 ||
        pdb.spec.unhealthyPodEvictionPolicy !== "AlwaysAllow") {
      fail(`PodDisruptionBudget ${pdb.metadata.name} must allow the one replica's eviction ` +
           "(maxUnavailable: 1, unhealthyPodEvictionPolicy: AlwaysAllow)");
    }
  }
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
        if (!methods.rpcs.has(p) && !methods.standard.has(p)) {
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
        // A peer pod relays calls, which the owner authorizes as the caller they name.
        if (role === "peer") continue;
        for (const p of paths.filter((x) => x.startsWith("/interco.v1."))) {
          const needed = p.includes("*") ? "admin" : PERMISSION[p];
          if (!ROLE[role].includes(needed)) {
            fail(`principal ${principal} (${role}) is admitted to ${p}, which its role forbids`);
          }
        }
      }
    }
  }
  // A new RPC the policy does not name is unreachable through the mesh: name it.
  for (const m of methods.rpcs) {
    if (!admitted.has(m)) fail(`RPC ${m} is admitted to no one by the AuthorizationPolicy`);
  }
}

// Clients such as `buf curl` ask reflection v1 first and fall back to v1alpha only when
// the server says UNIMPLEMENTED; a 403 from the mesh on v1 ends their attempt. So a rule
// that admits one version must admit the other.
const REFLECTION = ["/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
                    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"];
function checkReflection(docs, where, problems) {
  for (const authz of docs.filter((d) => d.kind === "AuthorizationPolicy")) {
    for (const rule of authz.spec.rules ?? []) {
      const paths = (rule.to ?? []).flatMap((t) => t.operation?.paths ?? []);
      const named = REFLECTION.filter((p) => paths.includes(p));
      if (named.length === 1) {
        problems.push(`${where}: an AuthorizationPolicy rule admits ${named[0]} but not ` +
                      `${REFLECTION.find((p) => p !== named[0])}`);
      }
    }
  }
}

// The CronJob that takes checkpoints (AdminService.CreateCheckpoint) and copies them off
// the data volume: it must mount the server's own claim at the server's path (so the
// --backup_dir it reads is the one the server writes), run on the server's node (the
// claim is ReadWriteOnce), never twice at once, and as an identity the mesh and the
// access policy both let checkpoint.
function checkCheckpointJob(docs, set, labels, policy, where, problems) {
  const jobs = docs.filter((d) => d.kind === "CronJob");
  const fail = (what) => problems.push(`${where}: CronJob ${jobs[0]?.metadata.name}: ${what}`);
  if (jobs.length !== 1) {
    problems.push(`${where}: one CronJob that takes checkpoints expected`);
    return;
  }
  const job = jobs[0];
  if (job.spec.concurrencyPolicy !== "Forbid") fail("concurrencyPolicy must be Forbid");
  const pod = job.spec.jobTemplate.spec.template.spec;
  const server = set.spec.template.spec.containers[0];
  const serverMount = (server.volumeMounts ?? []).find((m) => m.name === "data");
  const claim = `data-${set.metadata.name}-0`;
  const volume = (pod.volumes ?? []).find((v) => v.persistentVolumeClaim?.claimName === claim);
  if (!volume) fail(`it must mount the server's claim ${claim}`);
  const mount = pod.containers.flatMap((c) => c.volumeMounts ?? [])
                    .find((m) => m.name === volume?.name);
  if (!serverMount || mount?.mountPath !== serverMount.mountPath) {
    fail("it must mount the claim where the server does, so --backup_dir means the same");
  }
  const affinity = pod.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  if (!affinity.some((a) => a.topologyKey === "kubernetes.io/hostname" &&
                            subset(a.labelSelector?.matchLabels, labels))) {
    fail("it must be scheduled on the server's node (required podAffinity by hostname)");
  }
  const backupDir = flag(server.args, "backup_dir");
  if (!backupDir || !JSON.stringify(pod.containers).includes(backupDir)) {
    fail(`it must copy from the server's --backup_dir (${backupDir})`);
  }
  const principal = `cluster.local/ns/${job.metadata.namespace}/sa/${pod.serviceAccountName}`;
  const identity = (policy.identities ?? []).find((i) => i.identity === `spiffe://${principal}`);
  if (!identity || !ROLE[identity.role]?.includes(PERMISSION["/interco.v1.AdminService/CreateCheckpoint"])) {
    fail(`its identity ${principal} may not CreateCheckpoint in the access policy`);
  }
  const admitted = docs.filter((d) => d.kind === "AuthorizationPolicy")
                       .flatMap((a) => a.spec.rules ?? [])
                       .filter((r) => (r.from ?? []).some((f) =>
                           (f.source?.principals ?? []).includes(principal)))
                       .flatMap((r) => (r.to ?? []).flatMap((t) => t.operation?.paths ?? []));
  for (const method of ["/interco.v1.AdminService/CreateCheckpoint",
                        "/interco.v1.LedgerService/VerifyLedger"]) {
    if (!admitted.includes(method)) {
      fail(`the AuthorizationPolicy does not admit ${principal} to ${method}`);
    }
  }
  if (!identity || !ROLE[identity.role]?.includes(PERMISSION["/interco.v1.LedgerService/VerifyLedger"])) {
    fail(`its identity ${principal} may not VerifyLedger in the access policy`);
  }
  const script = JSON.stringify(pod.containers);
  const verifyAt = script.indexOf("interco.v1.LedgerService/VerifyLedger");
  if (verifyAt < 0 || verifyAt > script.indexOf("interco.v1.AdminService/CreateCheckpoint")) {
    fail("it must VerifyLedger before CreateCheckpoint, so damaged books are not archived");
  }
  if (!docs.some((d) => d.kind === "ServiceAccount" &&
                        d.metadata.name === pod.serviceAccountName)) {
    fail("its serviceAccountName has no ServiceAccount");
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

// Callers' sidecars reach the client Service through a DestinationRule: mutual TLS with the
// mesh's certificates (the server's PeerAuthentication is STRICT, so anything else fails
// every call), a connection pool with limits, and outlier detection that never counts the
// server's own answers (UNAVAILABLE while writes are refused, RESOURCE_EXHAUSTED for a full
// queue): ejecting the only writer helps nobody.
function checkDestinationRule(docs, where, problems) {
  const client = docs.find((d) => d.kind === "Service" && d.spec.clusterIP !== "None");
  if (!client) return;  // checkServices reports it.
  const ns = client.metadata.namespace;
  const hosts = [client.metadata.name, `${client.metadata.name}.${ns}`,
                 `${client.metadata.name}.${ns}.svc`, `${client.metadata.name}.${ns}.svc.cluster.local`];
  const rules = docs.filter((d) => d.kind === "DestinationRule" && hosts.includes(d.spec.host));
  const fail = (what) => problems.push(`${where}: DestinationRule for Service ${client.metadata.name}: ${what}`);
  if (rules.length !== 1) {
    fail(`one expected, found ${rules.length}`);
    return;
  }
  const policy = rules[0].spec.trafficPolicy ?? {};
  if (policy.tls?.mode !== "ISTIO_MUTUAL") {
    fail("tls.mode must be ISTIO_MUTUAL (the server's PeerAuthentication is STRICT)");
  }
  for (const port of policy.portLevelSettings ?? []) {
    if (port.tls && port.tls.mode !== "ISTIO_MUTUAL") fail("a port's tls.mode is not ISTIO_MUTUAL");
  }
  const pool = policy.connectionPool ?? {};
  if (!pool.tcp?.maxConnections || !pool.http?.http2MaxRequests) {
    fail("connectionPool needs tcp.maxConnections and http.http2MaxRequests (a limit on everything)");
  }
  const outlier = policy.outlierDetection;
  if (outlier && (outlier.consecutive5xxErrors !== 0 || (outlier.consecutiveGatewayErrors ?? 0) !== 0 ||
                  outlier.consecutiveErrors !== undefined)) {
    fail("outlierDetection must not eject on the server's answers: consecutive5xxErrors and " +
         "consecutiveGatewayErrors 0 (count local-origin failures only)");
  }
}

// Replicated mode: a pod forwards a call for a group another pod owns to that pod
// (services/call_forwarding.h), at the address it advertises, as the pods' own identity.
// That identity must be a peer in the server's policy and admitted by the mesh to every RPC,
// or every call that reaches a pod not owning its group fails.
function checkForwarding(set, container, docs, policy, methods, grpcPort, where, problems) {
  const fail = (what) => problems.push(`${where}: StatefulSet ${set.metadata.name}: ${what}`);
  const expected = `$(POD_NAME).${set.spec.serviceName}:${grpcPort}`;
  if (flag(container.args, "advertise_address") !== expected) {
    fail(`replicated mode needs --advertise_address=${expected}: the other pods forward ` +
         "calls there");
  }
  const namespace = set.metadata.namespace ?? "default";
  const principal = `cluster.local/ns/${namespace}/sa/${set.spec.template.spec.serviceAccountName}`;
  const peer = (policy.identities ?? []).find((i) => i.identity === `spiffe://${principal}`);
  if (peer?.role !== "peer" || !(peer.groups ?? []).includes("*")) {
    fail(`the pods' identity ${principal} must be a "peer" of every group ("groups": ["*"]) ` +
         "in the access policy: forwarded calls name their caller only from a peer");
  }
  const admitted = new Set();
  for (const authz of docs.filter((d) => d.kind === "AuthorizationPolicy")) {
    for (const rule of authz.spec.rules ?? []) {
      const principals = (rule.from ?? []).flatMap((f) => f.source?.principals ?? []);
      if (!principals.includes(principal)) continue;
      for (const t of rule.to ?? []) for (const p of t.operation?.paths ?? []) admitted.add(p);
    }
  }
  const missing = [...methods.rpcs].filter((m) => !admitted.has(m));
  if (missing.length) {
    fail(`the mesh must admit the pods' identity ${principal} to every RPC it may forward; ` +
         `not admitted: ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", ..." : ""}`);
  }
}

// `options.restrictScrapers`: require checkScrapers; `options.checkpointJob`: require the
// checkpoint CronJob (production).
export function checkGroup(docs, where, methods, problems, options = {}) {
  const sets = docs.filter((d) => d.kind === "StatefulSet");
  if (sets.length !== 1) {
    problems.push(`${where}: exactly one StatefulSet expected`);
    return;
  }
  const { labels, grpcPort, metricsPort, policy } = checkWorkload(sets[0], docs, where, problems);
  checkServices(sets[0], docs, labels, where, problems);
  checkMesh(docs, labels, policy, methods, grpcPort, where, problems);
  const container = sets[0].spec.template.spec.containers[0];
  if (flag(container.args, "etcd_endpoints") !== undefined) {
    checkForwarding(sets[0], container, docs, policy, methods, grpcPort, where, problems);
  }
  checkReflection(docs, where, problems);
  checkDestinationRule(docs, where, problems);
  if (options.checkpointJob) checkCheckpointJob(docs, sets[0], labels, policy, where, problems);
  if (options.restrictScrapers) {
    checkScrapers(docs, labels, { grpc: grpcPort, metrics: metricsPort }, where, problems);
  }
}

// The job the alerts name must exist in deploy/prometheus/prometheus.yml and find the
// server: pods with the StatefulSet's name label, on the container port named metrics
// (scraped directly, not through Istio's merged port 15020).
export function checkScrapeConfig(config, docs, where, problems) {
  const fail = (what) => problems.push(`${where}: prometheus.yml job interco: ${what}`);
  const job = (config.scrape_configs ?? []).find((j) => j.job_name === "interco");
  if (!job) {
    problems.push(`${where}: prometheus.yml has no scrape job "interco"`);
    return;
  }
  const set = docs.find((d) => d.kind === "StatefulSet");
  if (!set) return;
  const pod = set.spec.template;
  const keeps = (job.relabel_configs ?? []).filter((r) => r.action === "keep");
  const keep = (label) => keeps.find((r) => (r.source_labels ?? []).join(";") === label);
  const nameLabel = keep("__meta_kubernetes_pod_label_app_kubernetes_io_name");
  if (!nameLabel || !new RegExp(`^(?:${nameLabel.regex})$`).test(
          pod.metadata.labels?.["app.kubernetes.io/name"] ?? "")) {
    fail("must keep pods by app.kubernetes.io/name, and that label must match the pod's");
  }
  const portName = keep("__meta_kubernetes_pod_container_port_name");
  const ports = pod.spec.containers.flatMap((c) => c.ports ?? []).map((p) => p.name);
  if (!portName || !ports.some((p) => new RegExp(`^(?:${portName.regex})$`).test(p ?? ""))) {
    fail("must keep the container port named as the pod's metrics port");
  }
  if (!(job.kubernetes_sd_configs ?? []).some((sd) => sd.role === "pod")) {
    fail("must discover pods (role: pod), so it scrapes the pod's own port");
  }
}

// The PodMonitor of deploy/prometheus/operator is the job "interco" of prometheus.yml for the
// Prometheus operator: it must select the StatefulSet's pods, scrape the port named
// metrics, and label the series job="interco" (jobLabel: a pod label whose value is that).
export function checkPodMonitor(monitors, docs, where, problems) {
  const fail = (what) => problems.push(`${where}: PodMonitor: ${what}`);
  const set = docs.find((d) => d.kind === "StatefulSet");
  if (!set) return;
  const pod = set.spec.template;
  if (monitors.length !== 1) {
    fail(`one expected, found ${monitors.length}`);
    return;
  }
  const monitor = monitors[0];
  if (!subset(monitor.spec.selector?.matchLabels, pod.metadata.labels)) {
    fail("its selector does not select the StatefulSet's pods");
  }
  const names = monitor.spec.namespaceSelector?.matchNames;
  if (names && !names.includes(set.metadata.namespace)) fail(`it does not look in ${set.metadata.namespace}`);
  if (!names && !monitor.spec.namespaceSelector?.any && monitor.metadata.namespace !== set.metadata.namespace) {
    fail(`it is in ${monitor.metadata.namespace}, the pods in ${set.metadata.namespace}`);
  }
  const ports = pod.spec.containers.flatMap((c) => c.ports ?? []);
  const endpoints = monitor.spec.podMetricsEndpoints ?? [];
  if (endpoints.length !== 1 || ports.find((p) => p.name === endpoints[0].port)?.name !== "metrics") {
    fail("it must scrape the container port named metrics, once");
  }
  if (pod.metadata.labels?.[monitor.spec.jobLabel] !== "interco") {
    fail('jobLabel must name a pod label whose value is "interco", the job the rules select');
  }
}

// The rules of alerts.yaml (or a PrometheusRule's groups): every metric and job is one
// prometheus.yml scrapes (metrics.mjs, the one rule for every expression), and every alert
// has a severity, a summary, a description, and a runbook_url pointing at a section of
// docs/OPERATIONS.md (`anchors`: its headings' anchors).
export function checkAlerts(rules, scrape, catalog, anchors, problems, where = "alerts.yaml") {
  const jobs = scrapedJobs(scrape);
  for (const group of rules.groups ?? []) {
    for (const rule of group.rules ?? []) {
      const name = `${where}: alert ${rule.alert ?? rule.record}`;
      checkExpression(rule.expr, name, catalog, jobs, problems);
      if (!rule.alert) continue;
      const annotations = rule.annotations ?? {};
      if (!rule.labels?.severity || !annotations.summary || !annotations.description) {
        problems.push(`${name}: needs a severity, a summary and a description`);
      }
      const runbook = String(annotations.runbook_url ?? "").match(/^https?:\/\/\S+\/docs\/OPERATIONS\.md#(\S+)$/);
      if (!runbook) {
        problems.push(`${name}: needs a runbook_url ending in docs/OPERATIONS.md#<section>`);
      } else if (!anchors.has(runbook[1])) {
        problems.push(`${name}: runbook_url names #${runbook[1]}, no section of docs/OPERATIONS.md`);
      }
    }
  }
}

// The etcd cluster of the ha overlay: 3 members (or 5), one per node, a budget that keeps a
// quorum, the request size the log's records need, a backend quota and compaction, and the
// Interco pods' --etcd_endpoints naming exactly its members.
export function checkEtcd(docs, interco, where, problems) {
  const fail = (what) => problems.push(`${where}: etcd: ${what}`);
  const set = docs.find((d) => d.kind === "StatefulSet" && d.metadata.name === "etcd");
  if (!set) {
    fail("a StatefulSet named etcd is needed");
    return;
  }
  if (![3, 5].includes(set.spec.replicas)) fail(`3 or 5 members, not ${set.spec.replicas}`);
  const labels = set.spec.template.metadata.labels;
  const budget = docs.find((d) => d.kind === "PodDisruptionBudget" &&
                                  subset(d.spec.selector?.matchLabels, labels));
  if (budget?.spec.maxUnavailable !== 1) fail("a PodDisruptionBudget with maxUnavailable: 1 keeps a quorum");
  const spread = (set.spec.template.spec.affinity?.podAntiAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution ?? [])
      .some((t) => t.topologyKey === "kubernetes.io/hostname" && subset(t.labelSelector?.matchLabels, labels));
  if (!spread) fail("one member per node (required podAntiAffinity on kubernetes.io/hostname)");
  const args = set.spec.template.spec.containers[0].args ?? [];
  if (!(Number(flag(args, "max-request-bytes")) >= 1536 * 1024)) {
    fail("--max-request-bytes must be at least 1.5 MiB (a log record is up to 1.4 MiB)");
  }
  for (const needed of ["quota-backend-bytes", "auto-compaction-mode", "auto-compaction-retention", "snapshot-count"]) {
    if (flag(args, needed) === undefined) fail(`--${needed} must be set (docs/OPERATIONS.md, "Replicated mode")`);
  }
  if (!set.spec.volumeClaimTemplates?.length) fail("each member needs its own volume");
  const container = interco?.spec.template.spec.containers[0];
  const endpoints = (flag(container?.args, "etcd_endpoints") ?? "").split(",").sort();
  const members = [...Array(set.spec.replicas).keys()]
      .map((i) => `${set.metadata.name}-${i}.${set.spec.serviceName}:2379`).sort();
  if (endpoints.join(",") !== members.join(",")) {
    fail(`interco's --etcd_endpoints must be the members, ${members.join(",")}`);
  }
  if (interco) checkEtcdTls(args, interco, fail);
}

// etcd's own TLS instead of the mesh's: https:// client URLs need interco's --etcd_ca_file,
// and etcd's --client-cert-auth its --etcd_cert_file and --etcd_key_file too; TLS flags
// against plaintext URLs would fail every handshake. Each file must come from a mounted
// Secret (cert-manager's), not the image.
function checkEtcdTls(etcdArgs, interco, fail) {
  const https = ["listen-client-urls", "advertise-client-urls"]
      .some((f) => (flag(etcdArgs, f) ?? "").includes("https://"));
  const clientCerts = etcdArgs.includes("--client-cert-auth") ||
      flag(etcdArgs, "client-cert-auth") === "true";
  const pod = interco.spec.template.spec;
  const args = pod.containers[0].args;
  const files = ["etcd_ca_file", "etcd_cert_file", "etcd_key_file"].filter((f) => flag(args, f));
  if (https && !files.includes("etcd_ca_file")) {
    fail("etcd's client URLs are https: interco needs --etcd_ca_file (the CA of etcd's certificate)");
  }
  if (https && clientCerts && files.length !== 3) {
    fail("etcd wants client certificates (--client-cert-auth): interco needs --etcd_cert_file and --etcd_key_file");
  }
  if (!https && files.length) {
    fail(`interco's --${files.join(", --")} would speak TLS to etcd's plaintext (http://) client URLs`);
  }
  for (const f of files) {
    const file = flag(args, f);
    // The deepest mount holding the file is where it comes from.
    const mount = (pod.containers[0].volumeMounts ?? [])
        .filter((m) => file.startsWith(`${m.mountPath}/`))
        .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
    if (!(pod.volumes ?? []).find((v) => v.name === mount?.name)?.secret) {
      fail(`interco's --${f}=${file} must be a file of a mounted Secret`);
    }
  }
}

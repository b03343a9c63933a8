// Which metrics exist, and the one rule every PromQL expression of deploy/ is held to (the
// alerting rules, the PrometheusRule, the Grafana dashboard): each metric it reads is one
// that a job of deploy/prometheus/prometheus.yml scrapes.
//   - The server's metrics are read from its source, so no copy of the list lives here:
//     the families services/observability/metrics.cc registers (Build{Counter,Gauge,
//     Histogram}().Name("...") and kRocksDbMetrics, one gauge per RocksDB property), and
//     those process_metrics.cc collects. Every RocksDB property storage/database.cc reads
//     must have its metric in kRocksDbMetrics. A histogram also has _bucket, _count and
//     _sum. If the source's shape changes so that too few are found, that is reported,
//     not taken as "no metric exists".
//   - The exporters' metrics the rules read (kubelet, kube-state-metrics) are listed below
//     under the job that scrapes them; `up` belongs to every job.
import fs from "node:fs";
import path from "node:path";

const SERVER_JOB = "interco";
const EXPORTERS = {
  kubelet: ["kubelet_volume_stats_available_bytes", "kubelet_volume_stats_capacity_bytes",
            "kubelet_volume_stats_used_bytes"],
  etcd: ["etcd_mvcc_db_total_size_in_bytes", "etcd_server_quota_backend_bytes",
         "etcd_server_has_leader"],
  "kube-state-metrics": ["kube_cronjob_created", "kube_cronjob_status_last_successful_time",
                         "kube_cronjob_status_last_schedule_time", "kube_cronjob_spec_suspend",
                         "kube_job_failed", "kube_job_owner", "kube_job_status_start_time"],
};
const EVERY_JOB = new Set(["up"]);
// Fewer than this many server metrics found means the source was not understood.
const MIN_SERVER_METRICS = 20;

// { metrics: Map(name -> job), problems }.
export function metricCatalog(root) {
  const read = (file) => fs.readFileSync(path.join(root, file), "utf8");
  const metrics = new Map();
  const add = (name, type) => {
    const names = /histogram/i.test(type) ? ["_bucket", "_count", "_sum"].map((s) => name + s) : [name];
    for (const n of names) metrics.set(n, SERVER_JOB);
  };
  const registry = read("services/observability/metrics.cc");
  for (const [, type, name] of registry.matchAll(
      /Build(Counter|Gauge|Histogram)\(\)\s*\.Name\(\s*"([A-Za-z_:][\w:]*)"\s*\)/g)) {
    add(name, type);
  }
  const rocksdb = registry.match(/kRocksDbMetrics\[\]\s*=\s*\{([\s\S]*?)\n\};/)?.[1] ?? "";
  const named = new Map();
  for (const [, property, name] of rocksdb.matchAll(/\{\s*"([a-z0-9-]+)"\s*,\s*"([A-Za-z_:][\w:]*)"/g)) {
    named.set(property, name);
    add(name, "Gauge");
  }
  for (const [, name, type] of read("services/observability/process_metrics.cc").matchAll(
      /Family\(\s*"([A-Za-z_:][\w:]*)"\s*,\s*"[^"]*"\s*,\s*MetricType::(\w+)/g)) {
    add(name, type);
  }
  const found = metrics.size;
  const table = read("storage/database.cc").match(/kProperties\[\]\s*=\s*\{([\s\S]*?)\};/);
  const properties = [...(table?.[1] ?? "").matchAll(/\{\s*"([a-z0-9-]+)"/g)].map((m) => m[1]);
  for (const [job, names] of Object.entries(EXPORTERS)) {
    for (const name of names) metrics.set(name, job);
  }
  const problems = [];
  if (found < MIN_SERVER_METRICS) {
    problems.push(`metrics.mjs read only ${found} metric names from services/observability ` +
                  "(the source's shape changed?); fix its patterns");
  }
  if (named.size === 0 || properties.length === 0) {
    problems.push("metrics.mjs found no kRocksDbMetrics in services/observability/metrics.cc " +
                  "or no RocksDB property in storage/database.cc's kProperties");
  }
  for (const property of properties) {
    if (!named.has(property)) {
      problems.push(`storage/database.cc reads the RocksDB property ${property}, which ` +
                    "kRocksDbMetrics in services/observability/metrics.cc does not export");
    }
  }
  return { metrics, problems };
}

// Operators, and the aggregations (which may be followed by `by (...)` instead of "(").
const KEYWORDS = new Set(["and", "or", "unless", "offset", "bool", "by", "without", "on",
                          "ignoring", "group_left", "group_right", "inf", "nan", "atan2",
                          "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
                          "count_values", "bottomk", "topk", "quantile"]);

// The metric names a PromQL expression reads. Grafana's variables ($x, ${x}, [[x]]) are
// taken out first; strings, label matchers, ranges and grouping clauses hold no metric.
export function metricNames(expr) {
  const text = String(expr)
      .replace(/\$\{[^}]*\}|\$\w+|\[\[\w+\]\]/g, " ")
      .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
      .replace(/\{[^}]*\}/g, " ")
      .replace(/\[[^\]]*\]/g, " ")
      .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "$1 ");
  const names = [];
  for (const [, name, call] of text.matchAll(/(?<![\w:.])([A-Za-z_:][\w:]*)\s*(\()?/g)) {
    if (call || KEYWORDS.has(name.toLowerCase())) continue;  // A function or aggregation.
    names.push(name);
  }
  return names;
}

// Each `name{...}` selector of `expr`: [name, { label: [op, value] }].
function selectors(expr) {
  const found = [];
  for (const [, name, body] of String(expr).matchAll(/(?<![\w:.])([A-Za-z_:][\w:]*)\s*\{([^}]*)\}/g)) {
    const labels = {};
    for (const [, label, op, value] of body.matchAll(/(\w+)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
      labels[label] = [op, value];
    }
    found.push([name, labels]);
  }
  return found;
}

// Adds a problem for each metric `expr` reads that no scraped job exports, each job it
// names that prometheus.yml does not scrape or that does not export the metric.
export function checkExpression(expr, where, catalog, jobs, problems) {
  for (const name of new Set(metricNames(expr))) {
    const job = catalog.metrics.get(name);
    if (!job && !EVERY_JOB.has(name)) {
      problems.push(`${where}: ${name} is exported by nothing prometheus.yml scrapes`);
    } else if (job && !jobs.has(job)) {
      problems.push(`${where}: ${name} comes from job ${job}, which prometheus.yml does not scrape`);
    }
  }
  for (const [name, labels] of selectors(expr)) {
    const [jobOp, job] = labels.job ?? [];
    if (jobOp === "=" && !job.includes("$")) {
      if (!jobs.has(job)) problems.push(`${where}: job ${job} is scraped by no job of prometheus.yml`);
      const source = catalog.metrics.get(name);
      if (source && source !== job) problems.push(`${where}: ${name} comes from job ${source}, not ${job}`);
    }
  }
}

// The jobs prometheus.yml scrapes.
export function scrapedJobs(config) {
  return new Set((config.scrape_configs ?? []).map((j) => j.job_name));
}

// The anchors GitHub gives the headings of a Markdown text ("### IntercoDown" ->
// "intercodown"; "## Back up and restore" -> "back-up-and-restore").
export function markdownAnchors(text) {
  const anchors = new Set();
  for (const [, heading] of text.matchAll(/^#{1,6}\s+(.+?)\s*$/gm)) {
    anchors.add(heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-"));
  }
  return anchors;
}

// Checks the Grafana dashboards of deploy/grafana/*.json: each is a dashboard Grafana can
// import (uid, title, panels with unique ids and a place on the grid), every query reads
// the Prometheus data source variable, and every expression (panel targets and the
// variables' label_values queries) passes the same rule as the alerting rules
// (metrics.mjs: each metric exported by a job prometheus.yml scrapes) and Prometheus's own
// parser (`promtool check rules` on the expressions as recording rules, Grafana's
// variables replaced by values). Each check is proven able to fail on known-bad changes.
// Usage: node dashboard.mjs <repository root>. Exit 0 when every dashboard holds.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { checkExpression, metricCatalog, scrapedJobs } from "./metrics.mjs";

const root = process.argv[2] ?? ".";
const DIR = "deploy/grafana";
const DATASOURCE = "${datasource}";
// What Grafana puts in for its variables, for Prometheus's parser.
const VARIABLES = { __rate_interval: "5m", __interval: "1m", __range: "1h", group: ".*" };

const catalog = metricCatalog(root);
const jobs = scrapedJobs(YAML.parse(fs.readFileSync(path.join(root, "deploy/prometheus/prometheus.yml"), "utf8")));

function panelsOf(dashboard) {
  return (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
}

// The PromQL expressions of `dashboard`: [where, expr].
function expressions(dashboard) {
  const found = [];
  for (const panel of panelsOf(dashboard)) {
    for (const target of panel.targets ?? []) {
      found.push([`panel ${panel.id} "${panel.title}" ${target.refId}`, target.expr ?? ""]);
    }
  }
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== "query") continue;
    const query = typeof variable.query === "string" ? variable.query : variable.query?.query ?? "";
    const series = query.match(/^\s*label_values\(\s*(.+?)\s*,\s*\w+\s*\)\s*$/);
    found.push([`variable ${variable.name}`, series ? series[1] : query]);
  }
  return found;
}

// Problems of one dashboard (without Prometheus's parser).
function check(dashboard, where) {
  const problems = [];
  if (!dashboard.uid || !dashboard.title || !Array.isArray(dashboard.panels)) {
    problems.push(`${where}: a dashboard needs uid, title and panels`);
  }
  const ids = new Set();
  for (const panel of panelsOf(dashboard)) {
    if (ids.has(panel.id)) problems.push(`${where}: panel id ${panel.id} twice`);
    ids.add(panel.id);
    if (!panel.gridPos) problems.push(`${where}: panel ${panel.id} has no gridPos`);
    if (panel.type === "row") continue;
    if (!(panel.targets ?? []).length) problems.push(`${where}: panel ${panel.id} "${panel.title}" has no query`);
    for (const source of [panel.datasource, ...(panel.targets ?? []).map((t) => t.datasource)]) {
      if (source?.uid !== DATASOURCE) {
        problems.push(`${where}: panel ${panel.id} "${panel.title}" must query ${DATASOURCE}`);
      }
    }
  }
  if (!(dashboard.templating?.list ?? []).some((v) => v.type === "datasource" && `\${${v.name}}` === DATASOURCE)) {
    problems.push(`${where}: no data source variable ${DATASOURCE}`);
  }
  for (const [what, expr] of expressions(dashboard)) {
    if (!expr.trim()) problems.push(`${where}: ${what}: empty expression`);
    else checkExpression(expr, `${where}: ${what}`, catalog, jobs, problems);
  }
  return problems;
}

// Problems Prometheus's parser finds in the dashboard's expressions.
function parse(dashboard, where) {
  const rules = expressions(dashboard).map(([, expr], i) => ({
    record: `dashboard:expression_${i}`,
    expr: expr.replace(/\$\{?(\w+)\}?/g, (whole, name) => VARIABLES[name] ?? whole),
  }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "interco-dashboard-"));
  const file = path.join(dir, "rules.yaml");
  try {
    fs.writeFileSync(file, YAML.stringify({ groups: [{ name: "dashboard", rules }] }));
    execFileSync("promtool", ["check", "rules", file], { stdio: ["ignore", "pipe", "pipe"] });
    return [];
  } catch (error) {
    const output = `${error.stdout ?? ""}${error.stderr ?? ""}`.trim() || error.message;
    return [`${where}: Prometheus cannot parse an expression: ${output.replace(/\s+/g, " ")}`];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const problems = [...catalog.problems];
const files = fs.readdirSync(path.join(root, DIR)).filter((f) => f.endsWith(".json")).sort();
if (!files.length) problems.push(`${DIR}: no dashboard`);
const dashboards = [];
for (const file of files) {
  const where = `${DIR}/${file}`;
  try {
    const dashboard = JSON.parse(fs.readFileSync(path.join(root, where), "utf8"));
    dashboards.push(dashboard);
    problems.push(...check(dashboard, where), ...parse(dashboard, where));
    console.log(`${where}: ${expressions(dashboard).length} expressions, each metric exported by a ` +
                "scraped job; Prometheus parses them");
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}

// Known-bad changes to the first dashboard, each of which must be reported.
const first = (d) => panelsOf(d).find((p) => p.targets?.length);
const MUTATIONS = {
  "a metric the server does not export": (d) => { first(d).targets[0].expr = "interco_ledger_postings_total"; },
  "a RocksDB property the server does not export": (d) => {
    first(d).targets[0].expr = 'interco_rocksdb_live_versions{job="interco"}';
  },
  "a job prometheus.yml does not scrape": (d) => { first(d).targets[0].expr = 'up{job="node-exporter"}'; },
  "an expression Prometheus cannot parse": (d) => { first(d).targets[0].expr = "rate(up{job=\"interco\"}[5m]"; },
  "a panel on a fixed data source": (d) => { first(d).datasource = { type: "prometheus", uid: "prom-1" }; },
  "a variable reading a metric nothing exports": (d) => {
    d.templating.list.find((v) => v.type === "query").query.query = "label_values(interco_groupz, group)";
  },
};
let detected = 0;
if (dashboards.length) {
  for (const [name, mutate] of Object.entries(MUTATIONS)) {
    const dashboard = structuredClone(dashboards[0]);
    mutate(dashboard);
    const found = [...check(dashboard, "mutated"), ...parse(dashboard, "mutated")];
    if (found.length) ++detected;
    else problems.push(`self-test: "${name}" was not detected`);
  }
  console.log(`self-test: ${detected} of ${Object.keys(MUTATIONS).length} known-bad changes detected`);
}

if (problems.length) {
  for (const problem of problems) console.error(`PROBLEM ${problem}`);
  process.exit(1);
}
console.log("dashboards valid");

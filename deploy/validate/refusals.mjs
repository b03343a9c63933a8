// Overlays the offline checks must refuse. Each directory under deploy/validate/refused/
// is a kustomize overlay of deploy/k8s/overlays/prod with one change an operator could
// make; REFUSED names the problem it must be refused for. validate.mjs proves each check
// can fail on objects changed in memory; this proves it through kustomize, on an overlay
// as one is written. Each must be refused for its own reason only: its problems beyond
// those of deploy/k8s/overlays/prod itself (validate.mjs reports those) must be exactly
// the named one, so a fixture that stops applying, or is refused by accident, fails here.
// Usage: node refusals.mjs <repository root>, with INTERCO_METHOD_TABLE as for
// validate.mjs. Exit 0 when every fixture is refused as expected.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { checkGroup, checkScrapeConfig } from "./checks.mjs";
import { intercoMethods, standardMethods } from "./protos.mjs";
import { render, validateSchemas } from "./render.mjs";

const REFUSED = {
  "two-replicas": "embedded mode has one writer: replicas must be 1",
  "no-single-writer-guard": "embedded mode needs --single_writer_pod=interco-0",
};
const UNDER = "deploy/validate/refused";

const root = process.argv[2] ?? ".";
const failures = [];
const methods = { rpcs: intercoMethods(root), standard: standardMethods() };
const scrape = YAML.parse(fs.readFileSync(path.join(root, "deploy/prometheus/prometheus.yml"), "utf8"));
const fixtures = fs.readdirSync(path.join(root, UNDER)).sort();
for (const name of fixtures.filter((f) => !(f in REFUSED))) {
  failures.push(`${UNDER}/${name} is not in refusals.mjs's table: name the problem it must cause`);
}
// The problems the checks report for the overlay `group` under `under`, each prefixed
// "overlay:" whichever it is, so that two overlays' lists compare.
function problemsOf(group, under) {
  const problems = [];
  const docs = render(root, group, under);
  validateSchemas(docs, "overlay", problems);
  checkGroup(docs, "overlay", methods, problems, { restrictScrapers: true, checkpointJob: true });
  checkScrapeConfig(scrape, docs, "overlay", problems);
  return problems;
}
const shipped = new Set(problemsOf("overlays/prod", "deploy/k8s"));
for (const [name, expected] of Object.entries(REFUSED)) {
  let problems;
  try {
    problems = problemsOf(name, UNDER).filter((p) => !shipped.has(p));
  } catch (error) {
    failures.push(`${UNDER}/${name} does not render: ${error.message}`);
    continue;
  }
  const others = problems.filter((p) => !p.includes(expected));
  if (problems.length === others.length) {
    failures.push(`${UNDER}/${name} was not refused for "${expected}"` +
                  (problems.length ? ` (only: ${problems.join("; ")})` : ""));
  } else if (others.length) {
    failures.push(`${UNDER}/${name} was refused for other reasons too: ${others.join("; ")}`);
  } else {
    console.log(`${UNDER}/${name}: refused: ${problems.join("; ")}`);
  }
}
if (failures.length) {
  for (const failure of failures) console.error(`PROBLEM ${failure}`);
  process.exit(1);
}
console.log(`${Object.keys(REFUSED).length} overlays refused, each for its own reason`);

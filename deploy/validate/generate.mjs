// Writes the files of deploy/ that are made from others, so that they cannot drift:
//   deploy/prometheus/operator/prometheus-rule.yaml  from deploy/prometheus/alerts.yaml.
// Usage: node deploy/validate/generate.mjs <repository root>. validate.mjs refuses a
// checked-in file that differs from what this writes.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

export const PROMETHEUS_RULE = "deploy/prometheus/operator/prometheus-rule.yaml";

// The PrometheusRule object holding alerts.yaml's groups, as YAML text.
export function prometheusRule(root) {
  const alerts = YAML.parse(fs.readFileSync(path.join(root, "deploy/prometheus/alerts.yaml"), "utf8"));
  const rule = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: "interco", labels: { "app.kubernetes.io/name": "interco" } },
    spec: { groups: alerts.groups },
  };
  return "# Generated from deploy/prometheus/alerts.yaml by deploy/validate/generate.mjs: edit that\n" +
         "# file and run `node deploy/validate/generate.mjs .`, never this one.\n" +
         YAML.stringify(rule, { lineWidth: 0 });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] ?? ".";
  fs.writeFileSync(path.join(root, PROMETHEUS_RULE), prometheusRule(root));
  console.log(`wrote ${PROMETHEUS_RULE}`);
}

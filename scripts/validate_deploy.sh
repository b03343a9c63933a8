#!/usr/bin/env bash
# Validates deploy/ offline with the real tools. Prints one line per check in the shape of
# Bazel's summary ("//deploy:NAME PASSED" or "FAILED"), so that scripts/test.sh counts them:
#   //deploy:k8s_manifests_validation  kustomize (`kubectl kustomize`) renders the base, the
#       overlays, deploy/k8s/restore and deploy/prometheus/operator; deploy/validate/validate.mjs
#       reads the output strictly (as the API server's JSON would), validates it against the
#       Kubernetes, Istio and Prometheus-operator schemas and checks how the pieces fit, the
#       RPC paths against the protos as protoc reads them, the alerting rules' metrics and
#       runbooks, and the PrometheusRule against alerts.yaml;
#   //deploy:k8s_refused_overlays  deploy/validate/refusals.mjs renders each overlay under
#       deploy/validate/refused/ (known-bad changes an operator could make, such as a second
#       replica in embedded mode) and requires the checks to refuse it for its named reason;
#   //deploy:prometheus_rules_check  `promtool check rules` on deploy/prometheus/alerts.yaml;
#   //deploy:prometheus_rules_test   `promtool test rules`: each alert fires, and stays quiet;
#   //deploy:grafana_dashboard  deploy/validate/dashboard.mjs: every expression of
#       deploy/grafana/*.json reads metrics a scraped job exports (the rule alerts.yaml is
#       held to) and parses (promtool).
# Installs deploy/validate's pinned npm packages when missing. Exits non-zero if any fails.
set -uo pipefail
cd "$(dirname "$0")/.."
rc=0
fail() {  # target, why
  echo "$1 FAILED ($2)"
  rc=1
}

readonly manifests="//deploy:k8s_manifests_validation"
npm_ok=1
if [[ ! -d deploy/validate/node_modules ]] ||
   [[ deploy/validate/package-lock.json -nt deploy/validate/node_modules ]]; then
  # The system's CA bundle, so that a registry reached through a TLS-inspecting proxy
  # whose CA the machine trusts is trusted by npm too.
  ca=()
  [[ -r /etc/ssl/certs/ca-certificates.crt ]] && ca=(--cafile=/etc/ssl/certs/ca-certificates.crt)
  if ! (cd deploy/validate && npm ci --no-audit --no-fund --loglevel=error "${ca[@]}"); then
    fail "$manifests" "npm ci could not install deploy/validate's packages"
    npm_ok=0
  fi
fi
packages_ok=$npm_ok  # The dashboard's check needs the packages, not the table below.
# The server's own authorization table, which the mesh policy must agree with.
table=$(mktemp)
trap 'rm -f "$table"' EXIT
if ! bazel run --ui_event_filters=-info,-stdout,-stderr --noshow_progress \
    //services/security:method_table_json >"$table" 2>/dev/null; then
  fail "$manifests" "could not print the server's authorization table"
  npm_ok=0
fi
export INTERCO_METHOD_TABLE="$table"
readonly refusals="//deploy:k8s_refused_overlays"
if ((!npm_ok)); then
  fail "$refusals" "the checks could not run; see $manifests"
elif ! command -v kubectl >/dev/null; then
  fail "$manifests" "no kubectl to render with kustomize; scripts/setup.sh installs it"
  fail "$refusals" "no kubectl to render with kustomize; scripts/setup.sh installs it"
else
  if node deploy/validate/validate.mjs .; then
    echo "${manifests} PASSED"
  else
    fail "$manifests" "see the PROBLEM lines above"
  fi
  if node deploy/validate/refusals.mjs .; then
    echo "${refusals} PASSED"
  else
    fail "$refusals" "see the PROBLEM lines above"
  fi
fi

if ! command -v promtool >/dev/null; then
  fail "//deploy:prometheus_rules_check" "no promtool; scripts/setup.sh installs prometheus"
  fail "//deploy:prometheus_rules_test" "no promtool; scripts/setup.sh installs prometheus"
else
  # Not `promtool check config` on prometheus.yml: Debian's Prometheus is built without
  # Kubernetes service discovery and refuses kubernetes_sd_configs; validate.mjs checks
  # the job against the rendered manifests instead.
  if promtool check rules deploy/prometheus/alerts.yaml; then
    echo "//deploy:prometheus_rules_check PASSED"
  else
    fail "//deploy:prometheus_rules_check" "promtool check rules"
  fi
  if (cd deploy/prometheus && promtool test rules alerts_test.yaml); then
    echo "//deploy:prometheus_rules_test PASSED"
  else
    fail "//deploy:prometheus_rules_test" "promtool test rules"
  fi
fi
readonly dashboard="//deploy:grafana_dashboard"
if ((!packages_ok)); then
  fail "$dashboard" "npm ci could not install deploy/validate's packages"
elif ! command -v promtool >/dev/null; then
  fail "$dashboard" "no promtool to parse the expressions; scripts/setup.sh installs prometheus"
elif node deploy/validate/dashboard.mjs .; then
  echo "${dashboard} PASSED"
else
  fail "$dashboard" "see the PROBLEM lines above"
fi
exit "$rc"

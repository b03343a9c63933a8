#!/bin/sh
# Makes, in directory $1, a test CA, a server certificate for localhost/127.0.0.1, client
# certificates whose URI SANs are SPIFFE IDs (and one without), certificates that spell the
# admin's SPIFFE ID in a SAN of another type or carry several URI SANs (none of which may
# pass for an identity), and a certificate from a second, untrusted CA. EC P-256 keys, valid
# for 400 days (beyond the server's 30-day expiry warning), except server_soon (10 days:
# the server warns), and server_expired and controller_expired (expired yesterday).
# The pod's own certificate (interco_pod) is its client certificate for etcd, whose members
# serve with the server certificate (IP SAN 127.0.0.1: no name override needed).
# Used by security_e2e_test, cli_tls_e2e_test and replicated_tls_e2e_test.
set -eu
cd "$1"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
ca() {
  key "$1"
  openssl req -x509 -new -key "$1.key" -subj "/CN=$1" -days 400 -out "$1.pem" 2>/dev/null
}
leaf() {  # name, subjectAltName, issuing CA[, days valid (negative: expired)]
  key "$1"
  openssl req -new -key "$1.key" -subj "/CN=$1" -out "$1.csr" 2>/dev/null
  printf 'subjectAltName=%s\n' "$2" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -days "${4:-400}" \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
}
ca ca
ca rogue_ca
leaf server "DNS:localhost,IP:127.0.0.1" ca
leaf server_soon "DNS:localhost,IP:127.0.0.1" ca 10
leaf server_expired "DNS:localhost,IP:127.0.0.1" ca -1
leaf poster_a "URI:spiffe://interco.test/ns/erp/sa/poster-a" ca
leaf poster_z "URI:spiffe://interco.test/ns/erp/sa/poster-z" ca
leaf controller "URI:spiffe://interco.test/ns/finance/sa/controller" ca
leaf controller_expired "URI:spiffe://interco.test/ns/finance/sa/controller" ca -1
leaf admin "URI:spiffe://interco.test/ns/ops/sa/admin" ca
leaf stranger "URI:spiffe://interco.test/ns/other/sa/stranger" ca
leaf anonymous "DNS:anonymous.test" ca
leaf interco_pod "URI:spiffe://interco.test/ns/interco/sa/interco" ca
leaf rogue "URI:spiffe://interco.test/ns/ops/sa/admin" rogue_ca
admin=spiffe://interco.test/ns/ops/sa/admin
leaf admin_in_dns "DNS:$admin" ca
leaf admin_in_email "email:$admin" ca
leaf admin_over_https "URI:https://interco.test/ns/ops/sa/admin" ca
leaf admin_and_poster "URI:$admin,URI:spiffe://interco.test/ns/erp/sa/poster-a" ca
leaf https_and_admin "URI:https://interco.test/x,URI:$admin" ca
leaf admin_with_dns "URI:$admin,DNS:admin.interco.test" ca

#!/usr/bin/env bash
# Makes the TLS test certificates in test/fixtures/tls/ (committed; valid for 100 years, so CI never
# needs openssl). Run again only to change them: bash scripts/tls-fixtures.sh
#   ca.pem / ca.key                  a home CA
#   server.pem / server.key          signed by it, for 127.0.0.1 and localhost
#   named.pem / named.key            signed by it, for jellyfin.home only (tests the server name setting)
#   client.pem / client.key          signed by it, a client certificate
#   self-signed.pem / self-signed.key  its own issuer, for 127.0.0.1 and localhost (the usual home server)
# These keys are public test fixtures: never use them for anything else.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/test/fixtures/tls"
mkdir -p "$out"
cd "$out"
days=36500
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

key ca.key
openssl req -x509 -new -key ca.key -sha256 -days "$days" -subj "/CN=JellyNext test home CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem

# signed NAME SUBJECT EXTENSIONS: a certificate for NAME.key signed by the CA
signed() {
  key "$1.key"
  openssl req -new -key "$1.key" -subj "/CN=$2" -out "$work/$1.csr"
  printf '%s\n' "$3" > "$work/$1.ext"
  openssl x509 -req -in "$work/$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -CAserial "$work/ca.srl" \
    -days "$days" -sha256 -extfile "$work/$1.ext" -out "$1.pem" 2>/dev/null
}

signed server 127.0.0.1 "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost"
signed named jellyfin.home "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:jellyfin.home"
signed client node-red "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"

key self-signed.key
openssl req -x509 -new -key self-signed.key -sha256 -days "$days" -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -out self-signed.pem
echo "written to $out"

#!/usr/bin/env bash
# tests/gen_certs.sh DIR - test PKI for the local MTurk endpoint (openssl CLI).
# Idempotent (a stamp file marks a complete set) and safe to run concurrently (flock).
# Creates in DIR:
#   ca.pem ca.key                   test root CA (RSA-2048)          - trust this one
#   server.pem server.key           RSA-2048 leaf, SAN 127.0.0.1, ::1, localhost (signed by ca)
#   server-ec.pem server-ec.key     ECDSA P-256 leaf, same SANs (signed by the RSA ca)
#   ecca.pem ecca.key               ECDSA P-256 root CA
#   ecca-server.pem ecca-server.key ECDSA leaf signed by ecca (all-EC chain)
#   int.pem int.key                 intermediate CA signed by ca
#   chain-server.pem chain-server.key  leaf signed by int; chain-server.pem = leaf + int
#   wronghost.pem wronghost.key     leaf for other.invalid only (signed by ca)
#   expired.pem expired.key         leaf, SANs ok, valid 2020-01-01..2020-01-02 (signed by ca)
#   notyet.pem notyet.key           leaf, SANs ok, valid 2099-01-01..2099-12-31 (signed by ca)
#   untrusted-ca.pem untrusted-ca.key, untrusted-server.pem untrusted-server.key
#                                   leaf with good SANs signed by a CA nobody trusts
set -euo pipefail
dir=${1:?usage: gen_certs.sh DIR}
mkdir -p "$dir"
stamp="$dir/.gen_certs_v2"
[ -f "$stamp" ] && exit 0
exec 9>"$dir/.lock"
flock 9
[ -f "$stamp" ] && exit 0
tmp=$(mktemp -d "$dir/.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export OPENSSL_CONF=/dev/null
ossl() { openssl "$@" 2>/dev/null; }
# Keys are generated up front in parallel (RSA keygen dominates the run time);
# rsa/ec below then only wait for / reuse them.
genrsa() { ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.tmp" && mv "$1.tmp" "$1"; }
genec() { ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.tmp" && mv "$1.tmp" "$1"; }
for k in ca untrusted-ca server wronghost untrusted-server int chain-leaf expired notyet; do genrsa "$k.key" & done
for k in ecca server-ec ecca-server; do genec "$k.key" & done
wait
rsa() { [ -s "$1" ] || genrsa "$1"; }
ec() { [ -s "$1" ] || genec "$1"; }
cat > ca.ext <<X
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
X
cat > int.ext <<X
basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
X
leafext() {
    cat > "$1" <<X
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
subjectAltName=$2
X
}
leafext good.ext "IP:127.0.0.1,IP:::1,DNS:localhost"
leafext wrong.ext "DNS:other.invalid"
mkca() { # name keygen subject
    $2 "$1.key"
    ossl req -new -x509 -key "$1.key" -subj "$3" -days 3650 -sha256 -extensions v3 \
        -config <(printf '[req]\ndistinguished_name=dn\n[dn]\n[v3]\n'; cat ca.ext) -out "$1.pem"
}
leaf() { # name keygen ca ext [extra x509 args]
    local n=$1 kg=$2 ca=$3 ext=$4; shift 4
    $kg "$n.key"
    ossl req -new -key "$n.key" -subj "/CN=$n.tinyturk.test" -out "$n.csr"
    ossl x509 -req -in "$n.csr" -CA "$ca.pem" -CAkey "$ca.key" -set_serial "0x$(openssl rand -hex 8)" \
        -days 825 -sha256 -extfile "$ext" -out "$n.pem" "$@"
}
mkca ca rsa "/CN=tinyturk test CA/O=tinyturk"
mkca ecca ec "/CN=tinyturk test EC CA/O=tinyturk"
mkca untrusted-ca rsa "/CN=tinyturk untrusted CA/O=nobody"
leaf server rsa ca good.ext
leaf server-ec ec ca good.ext
leaf ecca-server ec ecca good.ext
leaf wronghost rsa ca wrong.ext
leaf untrusted-server rsa untrusted-ca good.ext
# intermediate + chained leaf
rsa int.key
ossl req -new -key int.key -subj "/CN=tinyturk test intermediate" -out int.csr
ossl x509 -req -in int.csr -CA ca.pem -CAkey ca.key -set_serial 0x1001 -days 3650 -sha256 \
    -extfile int.ext -out int.pem
leaf chain-leaf rsa int good.ext
cat chain-leaf.pem int.pem > chain-server.pem
cp chain-leaf.key chain-server.key
# expired leaf: openssl ca lets us set explicit dates
rsa expired.key
ossl req -new -key expired.key -subj "/CN=expired.tinyturk.test" -out expired.csr
mkdir -p cadb && : > cadb/index.txt && echo 1000 > cadb/serial
cat > ca.cnf <<X
[ca]
default_ca=d
[d]
database=cadb/index.txt
serial=cadb/serial
new_certs_dir=cadb
default_md=sha256
policy=p
copy_extensions=none
unique_subject=no
[p]
commonName=supplied
X
ossl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr -out expired.full \
    -startdate 20200101000000Z -enddate 20200102000000Z -extfile good.ext -notext
openssl x509 -in expired.full -out expired.pem
# not-yet-valid leaf, same way
rsa notyet.key
ossl req -new -key notyet.key -subj "/CN=notyet.tinyturk.test" -out notyet.csr
ossl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in notyet.csr -out notyet.full \
    -startdate 20990101000000Z -enddate 20991231000000Z -extfile good.ext -notext
openssl x509 -in notyet.full -out notyet.pem
for f in ca ecca untrusted-ca int server server-ec ecca-server wronghost untrusted-server \
         chain-server expired notyet; do
    cp "$f.pem" "$f.key" "$dir/"
done
chmod 600 "$dir"/*.key
touch "$stamp"

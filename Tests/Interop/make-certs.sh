#!/usr/bin/env bash
# Makes a throwaway PKI for FlockRPC tests (real certificates, EC P-256) in DIR:
#   ca.pem ca.key                 project root CA ("Flock Test Root CA")
#   server.pem server.key         CN=server, SAN DNS:localhost, IP:127.0.0.1, IP:::1
#   client.pem client.key         CN=site-1
#   admin.pem admin.key           CN=admin@flock.test
#   wrongname.pem wrongname.key   CN=elsewhere, SAN DNS:elsewhere.invalid (server name mismatch)
#   expired.pem expired.key       CN=site-expired, valid only in January 2020 (signed by ca)
#   other-ca.pem                  an unrelated root CA
#   intruder.pem intruder.key     CN=intruder, signed by other-ca
# Usage: make-certs.sh DIR
set -euo pipefail
DIR=${1:?usage: make-certs.sh DIR}
mkdir -p "$DIR"
cd "$DIR"
OPENSSL=${OPENSSL:-openssl}

newkey() { "$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

ca() { # name cn
  newkey "$1.key"
  "$OPENSSL" req -x509 -new -key "$1.key" -subj "/O=Flock Test/CN=$2" -days 30 -sha256 -out "$1.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

leaf() { # name cn ca san
  newkey "$1.key"
  "$OPENSSL" req -new -key "$1.key" -subj "/O=Flock Test/CN=$2" -out "$1.csr" 2>/dev/null
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=serverAuth,clientAuth"
    [ -n "$4" ] && echo "subjectAltName=$4"
  } > "$1.ext"
  "$OPENSSL" x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -days 30 -sha256 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

ca ca "Flock Test Root CA"
ca other-ca "Some Other CA"
leaf server server ca "DNS:localhost,IP:127.0.0.1,IP:::1"
leaf client site-1 ca ""
leaf admin admin@flock.test ca ""
leaf wrongname elsewhere ca "DNS:elsewhere.invalid"
leaf intruder intruder other-ca ""

# An expired certificate: `openssl x509 -days` cannot backdate, `openssl ca` can.
mkdir -p ca-db/new
: > ca-db/index.txt
echo 1000 > ca-db/serial
cat > ca-db/ca.cnf <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
database = ca-db/index.txt
new_certs_dir = ca-db/new
serial = ca-db/serial
default_md = sha256
policy = any
copy_extensions = none
x509_extensions = leaf_ext
unique_subject = no
[ any ]
commonName = supplied
organizationName = optional
[ leaf_ext ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
CNF
newkey expired.key
"$OPENSSL" req -new -key expired.key -subj "/O=Flock Test/CN=site-expired" -out expired.csr 2>/dev/null
"$OPENSSL" ca -batch -config ca-db/ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr -out expired.pem \
  -startdate 20200101000000Z -enddate 20200201000000Z -notext 2>/dev/null
rm -rf expired.csr ca-db ./*.srl

#!/usr/bin/env bash
# The operator's walkthrough of the signet CLI, as a script: keys init -> issue -> verify ->
# revoke --sid -> verify (rejected, REVOKED) -> keys rotate x3 -> the old token still verifies ->
# keys export --verifier -> verify with the verifier keyset.
#
# Usage: cli-walkthrough.sh [COMMAND...]   (default: java -jar <repo>/target/signet.jar)
# COMMAND runs inside a temporary folder: give absolute paths.
# Run by CliWalkthroughIT against the packaged jar (mvn verify), or by hand.
set -euo pipefail

if [ "$#" -gt 0 ]; then
  SIGNET=("$@")
else
  SIGNET=(java -jar "$(cd "$(dirname "$0")/../../.." && pwd)/target/signet.jar")
fi
signet() { "${SIGNET[@]}" "$@"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
checks=0
ok() { checks=$((checks + 1)); echo "ok $checks - $*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

# 1. A new keyset, owner-only.
signet keys init --keyset keyset.json >/dev/null
[ "$(stat -c %a keyset.json)" = 600 ] || fail "keyset.json is not 0600"
ok "keys init created keyset.json (0600)"

# An empty revocation log (signet revoke would create it too).
: >revocations.log

# 2. Start a session.
token=$(signet issue --keyset keyset.json --sub alice --role user --ttl 15m --max-age 12h)
[ -n "$token" ] || fail "issue printed no token"
ok "issue printed a token"

# 3. Verify: exit 0, the claims as JSON on stdout.
claims=$(signet verify --keyset keyset.json --revocations revocations.log "$token")
echo "$claims" | grep -q '"sub" : "alice"' || fail "verify did not print the subject: $claims"
sid=$(echo "$claims" | sed -n 's/.*"sid" : "\([^"]*\)".*/\1/p')
[ -n "$sid" ] || fail "no sid in the claims"
ok "verify accepted the token and printed its claims"

# 3b. The token from standard input, and --json for scripts.
echo "$token" | signet verify --keyset keyset.json --json - | grep -q '"valid":true' || fail "verify - --json"
ok "verify read the token from stdin ('-') with --json"

# 4. Revoke the session.
signet revoke --revocations revocations.log --sid "$sid" >/dev/null
ok "revoke --sid recorded the revocation"

# 5. Verify again: exit 1, REVOKED on stderr.
set +e
signet verify --keyset keyset.json --revocations revocations.log "$token" >out.txt 2>err.txt
code=$?
set -e
[ "$code" = 1 ] || fail "verify of a revoked token exited $code, expected 1"
grep -q REVOKED err.txt || fail "stderr does not name REVOKED: $(cat err.txt)"
[ ! -s out.txt ] || fail "verify printed claims for a revoked token"
ok "verify rejected the revoked token: exit 1, $(cat err.txt)"

# 6. A second session, then three rotations: its token keeps verifying (its key is retired, not removed).
old=$(signet issue --keyset keyset.json --sub bob)
for i in 1 2 3; do
  signet keys rotate --keyset keyset.json --force >/dev/null
done
ok "keys rotate x3"
signet verify --keyset keyset.json "$old" >/dev/null || fail "the token minted before the rotations no longer verifies"
ok "a token minted before three rotations still verifies"
new=$(signet issue --keyset keyset.json --sub carol)
signet verify --keyset keyset.json "$new" >/dev/null || fail "a token minted after the rotations does not verify"
ok "a token minted after the rotations verifies"

# 7. The verifier keyset for gateways: verifies, cannot mint.
signet keys export --keyset keyset.json --verifier verifier.json >/dev/null
signet verify --keyset verifier.json "$old" | grep -q '"sub" : "bob"' || fail "the verifier keyset did not verify"
ok "keys export --verifier: the verifier keyset verifies"
set +e
signet issue --keyset verifier.json --sub mallory >/dev/null 2>err.txt
code=$?
set -e
[ "$code" = 3 ] || fail "issue with a verifier keyset exited $code, expected 3"
ok "the verifier keyset cannot mint: exit 3, $(cat err.txt)"

echo "cli-walkthrough: $checks checks passed"

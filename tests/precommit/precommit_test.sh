#!/usr/bin/env bash
# Runs the real pre-commit with the igw-lint hook of .pre-commit-hooks.yaml against a scratch git
# repository: a broken manifest must fail `pre-commit run` and `git commit`, the fixed one pass.
# Offline: the hook repository is a local git repository holding a copy of the manifest, and
# language: system needs nothing installed. Exits 77 (ctest skip) without pre-commit or git.
#
# usage: precommit_test.sh IGW_BINARY SOURCE_DIR
set -euo pipefail

igw=$1
src=$2
for tool in pre-commit git; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed (apt-get install $tool)"
    exit 77
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/igw-precommit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# A private world: no user git config or pre-commit cache, igw under test first on PATH.
export HOME=$tmp/home PRE_COMMIT_HOME=$tmp/pre-commit-cache
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$tmp/home/.gitconfig
export GIT_AUTHOR_NAME="igw test" GIT_AUTHOR_EMAIL=igw-test@example.invalid
export GIT_COMMITTER_NAME="igw test" GIT_COMMITTER_EMAIL=igw-test@example.invalid
unset GITHUB_ACTIONS NO_COLOR
mkdir -p "$HOME" "$tmp/bin"
: >"$GIT_CONFIG_GLOBAL"
ln -s "$(realpath "$igw")" "$tmp/bin/igw"
export PATH=$tmp/bin:$PATH

fail() {
  echo "FAIL: $*"
  exit 1
}

# The hook repository: just the project's .pre-commit-hooks.yaml, committed.
hooks=$tmp/hooks
git -c init.defaultBranch=main init -q "$hooks"
cp "$src/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -q -m "igw hooks"
rev=$(git -C "$hooks" rev-parse HEAD)

project=$tmp/project
git -c init.defaultBranch=main init -q "$project"
cd "$project"
cat >.pre-commit-config.yaml <<YAML
repos:
- repo: $hooks
  rev: $rev
  hooks:
  - id: igw-lint
YAML
mkdir -p deploy .github/workflows
cat >deploy/gateway.yaml <<'YAML'
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: web
  namespace: prod
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "web.example.com"
YAML
cat >deploy/routes.yaml <<'YAML'
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
  namespace: prod
spec:
  hosts:
  - "web.example.com"
  gateways:
  - wbe
  http:
  - route:
    - destination:
        host: web
YAML
# Not a Kubernetes manifest: the hook sees it (types: [yaml]) and igw skips it.
cat >.github/workflows/ci.yml <<'YAML'
on: push
jobs: {}
YAML
git add -A

echo "--- pre-commit run --all-files (broken manifest)"
set +e
pre-commit run --all-files >"$tmp/run1.log" 2>&1
rc=$?
set -e
cat "$tmp/run1.log"
[ "$rc" -ne 0 ] || fail "pre-commit passed a manifest that references a missing Gateway"
grep -q 'igw lint\.*Failed' "$tmp/run1.log" || fail "the igw-lint hook did not report Failed"
grep -q 'exit code: 79' "$tmp/run1.log" || fail "igw lint did not exit 79"
grep -q 'Error \[IST0101\] (VirtualService prod/web deploy/routes.yaml:10:5) Referenced gateway not found: "wbe"' \
  "$tmp/run1.log" || fail "the finding is missing from the hook output"

echo "--- git commit (broken manifest, hook installed)"
pre-commit install >/dev/null
if git commit -q -m "broken" >"$tmp/commit1.log" 2>&1; then
  cat "$tmp/commit1.log"
  fail "git commit succeeded although the hook must reject the manifest"
fi
grep -q 'IST0101' "$tmp/commit1.log" || { cat "$tmp/commit1.log"; fail "commit output lacks the finding"; }

echo "--- fixed manifest"
sed -i 's/- wbe$/- web/' deploy/routes.yaml
git add -A
pre-commit run --all-files >"$tmp/run2.log" 2>&1 || { cat "$tmp/run2.log"; fail "pre-commit failed on the fixed manifest"; }
cat "$tmp/run2.log"
grep -q 'igw lint\.*Passed' "$tmp/run2.log" || fail "the igw-lint hook did not report Passed"
git commit -q -m "fixed" >"$tmp/commit2.log" 2>&1 || { cat "$tmp/commit2.log"; fail "git commit of the fixed manifest failed"; }
[ "$(git rev-list --count HEAD)" = 1 ] || fail "expected exactly one commit"

echo "PASS: pre-commit igw-lint hook rejects the broken manifest and accepts the fixed one"

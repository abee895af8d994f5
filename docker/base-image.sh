#!/usr/bin/env bash
# Build a local Node base image, ferry-node-base:local, from this host's Node runtime, for build
# hosts that reach no image registry (air-gapped, or a registry mirror that lacks node images).
#
#   docker/base-image.sh            # build it (skipped when it exists for the same Node version)
#   docker/base-image.sh --force    # build it again
#   docker build -f docker/Dockerfile --build-arg BASE_IMAGE=ferry-node-base:local -t ferry .
#
# The image is laid out like the official node:*-slim images, which is all docker/Dockerfile
# needs of its base: node and npm in /usr/local/bin, a /bin/sh for RUN lines and npm scripts,
# /usr/bin/env for `#!/usr/bin/env node`, a `node` user (uid/gid 1000), the host's CA
# certificates and a writable /tmp. It holds the node binary, the shared libraries `ldd` lists
# for it and for the shell, npm, and nothing else (no package manager, no curl).
# NODE=/path/to/node picks another runtime, IMAGE=name:tag another tag.
set -euo pipefail

IMAGE="${IMAGE:-ferry-node-base:local}"
NODE="${NODE:-$(command -v node || true)}"
force=false
[[ "${1:-}" == "--force" ]] && force=true

die() { echo "base-image: $*" >&2; exit 1; }
[[ -n "$NODE" && -x "$NODE" ]] || die "no node on PATH (set NODE=/path/to/node)"
command -v docker >/dev/null || die "docker is not installed"
docker info >/dev/null 2>&1 || die "no Docker engine is reachable (start dockerd)"
command -v ldd >/dev/null || die "ldd is needed to find node's shared libraries"

NODE="$(readlink -f "$NODE")"
version="$("$NODE" --version)"
# npm as installed beside this node: <prefix>/lib/node_modules/npm (Debian, NodeSource, nvm, the
# official tarballs), or wherever the npm on PATH lives
npm_dir="$(dirname "$NODE")/../lib/node_modules/npm"
if [[ ! -f "$npm_dir/bin/npm-cli.js" ]] && command -v npm >/dev/null; then
  npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
fi
[[ -f "$npm_dir/bin/npm-cli.js" ]] || die "npm not found beside $NODE"
npm_dir="$(readlink -f "$npm_dir")"
npm_version="$("$NODE" "$npm_dir/bin/npm-cli.js" --version)"
# the recipe's revision: bump it when the layout below changes, so existing images are rebuilt
recipe=3

if ! $force && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  have="$(docker image inspect "$IMAGE" --format '{{range .Config.Env}}{{println .}}{{end}}')"
  if grep -qx "NODE_VERSION=${version#v}" <<<"$have" && grep -qx "FERRY_BASE_RECIPE=$recipe" <<<"$have"; then
    echo "base-image: $IMAGE is up to date (node $version, npm $npm_version)" >&2
    echo "--build-arg BASE_IMAGE=$IMAGE"
    exit 0
  fi
fi

rootfs="$(mktemp -d "${TMPDIR:-/tmp}/ferry-rootfs.XXXXXX")"
trap 'rm -rf "$rootfs"' EXIT

mkdir -p "$rootfs"/{bin,etc/ssl/certs,home/node,usr/bin,usr/local/bin,usr/local/lib/node_modules,tmp,root}
chmod 1777 "$rootfs/tmp"
chmod 700 "$rootfs/root"

cp "$NODE" "$rootfs/usr/local/bin/node"
cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

# /bin/sh: RUN lines and npm scripts need a POSIX shell; dash is small (bash or busybox otherwise)
shell=""
for candidate in /bin/dash /usr/bin/dash /bin/bash /bin/busybox; do
  if [[ -x "$candidate" ]]; then shell="$(readlink -f "$candidate")"; break; fi
done
[[ -n "$shell" ]] || die "no dash, bash or busybox to serve as /bin/sh"
cp "$shell" "$rootfs/bin/$(basename "$shell")"
[[ "$(basename "$shell")" == sh ]] || ln -s "$(basename "$shell")" "$rootfs/bin/sh"

# every shared library node and the shell load, at the path the loader looks for it
copy_libs() {
  ldd "$1" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }' | while read -r lib; do
    [[ -e "$lib" ]] || continue
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
}
copy_libs "$NODE"
copy_libs "$shell"

# /usr/bin/env: the shebang of npm, npx and every package bin (`#!/usr/bin/env node`)
env_bin="$(readlink -f "$(command -v env)")"
cp "$env_bin" "$rootfs/usr/bin/env"
copy_libs "$env_bin"

# The host's CA certificates, trusted by node (NODE_EXTRA_CA_CERTS, below) besides its own
# bundle: a build host that reaches the npm registry through a TLS-inspecting proxy or a private
# mirror trusts that CA, and `npm ci` inside the build needs the same trust.
ca_env=()
for bundle in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt; do
  if [[ -f "$bundle" ]]; then
    cp -L "$bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
    ca_env=(--change "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt")
    break
  fi
done

cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
node:x:1000:1000::/home/node:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
node:x:1000:
nogroup:x:65534:
EOF
cat >"$rootfs/etc/nsswitch.conf" <<'EOF'
passwd: files
group:  files
hosts:  files dns
EOF
chown 1000:1000 "$rootfs/home/node"

previous="$(docker image inspect "$IMAGE" --format '{{.Id}}' 2>/dev/null || true)"
tar -C "$rootfs" --numeric-owner -cf - . | docker import \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV NODE_VERSION=${version#v}" \
  --change "ENV FERRY_BASE_RECIPE=$recipe" \
  "${ca_env[@]}" \
  --change 'CMD ["node"]' \
  --message "node $version and npm $npm_version from $(hostname), by ferry docker/base-image.sh" \
  - "$IMAGE" >/dev/null
# the image this one replaces, unless something still uses it
if [[ -n "$previous" && "$previous" != "$(docker image inspect "$IMAGE" --format '{{.Id}}')" ]]; then
  docker image rm "$previous" >/dev/null 2>&1 || true
fi

echo "base-image: built $IMAGE (node $version, npm $npm_version, $(docker image inspect "$IMAGE" --format '{{.Size}}' | awk '{ printf "%.0f MB", $1 / 1e6 }'))" >&2
echo "--build-arg BASE_IMAGE=$IMAGE"

#!/usr/bin/env bash
# The LaTeX matrix under TeX Live 2025, the TeX Live arXiv compiles with by default.
#
#   tests/latex/texlive2025-root.sh ROOT [matrix.py arguments...]
#
# ROOT is a Debian trixie root (TeX Live 2025, pdfTeX 1.40.26). When ROOT has no
# `.pith-texlive2025-ready` stamp it is built first with debootstrap from deb.debian.org
# (about 2 GB; needs root, debootstrap and the network). The matrix then runs every cell
# (PITH_LATEX_MATRIX defaults to `full` here) with the TeX engines, dvips, ps2pdf and
# dvipdfmx inside ROOT (chroot) and every check on the host: the host's pith, qpdf,
# pdftotext and exiftool read the PDFs, which lie in ROOT's /tmp.
#
# Exit codes: 0 every cell passed, 1 a cell failed, 2 usage, 4 the root could not be built,
# 77 skipped (not root, or no debootstrap).
set -euo pipefail

usage() { echo "usage: $0 ROOT [matrix.py filter...]" >&2; exit 2; }
[ $# -ge 1 ] || usage
root=$1; shift
case $root in /*) ;; *) root=$PWD/$root ;; esac
here=$(cd "$(dirname "$0")" && pwd)
stamp=$root/.pith-texlive2025-ready
mirror=${PITH_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# Only TeX: what arXiv's TeX Live has for the classes and packages of the matrix. Package
# names and the commands run inside the root are quoted: they are the root's, not the host's
# (packaging/check-tools.sh checks what the host runs).
packages=(
  'texlive-latex-base' 'texlive-latex-recommended' 'texlive-latex-extra' 'texlive-publishers'
  'texlive-science' 'texlive-xetex' 'texlive-luatex' 'texlive-fonts-recommended'
  'texlive-plain-generic' 'texlive-lang-greek' 'cm-super' 'lmodern' 'ghostscript'
)

if [ "$(id -u)" -ne 0 ]; then
  echo "texlive2025-root: needs root (debootstrap, chroot): skipped" >&2
  exit 77
fi

if [ ! -e "$stamp" ]; then
  # Only this opt-in script needs debootstrap (Debian package debootstrap), so it is not among
  # packaging/install-deps.sh's packages: without it the run is skipped.
  debootstrap=/usr/sbin/debootstrap
  [ -x "$debootstrap" ] || { echo "texlive2025-root: no $debootstrap (apt-get install debootstrap): skipped" >&2; exit 77; }
  echo "texlive2025-root: building a Debian trixie root in $root" >&2
  mkdir -p "$root"
  # Commands inside the root get the root's environment, not the host's: the test suite's
  # TMPDIR (build/test-tmp) does not exist there.
  if ! env -u TMPDIR "$debootstrap" --variant=minbase trixie "$root" "$mirror" >"$root.debootstrap.log" 2>&1; then
    echo "texlive2025-root: debootstrap failed, see $root.debootstrap.log" >&2
    exit 4
  fi
  if ! chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TMPDIR=/tmp \
      DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 'apt-get' install -y -q --no-install-recommends "${packages[@]}" >"$root.apt.log" 2>&1; then
    echo "texlive2025-root: apt-get install failed, see $root.apt.log" >&2
    exit 4
  fi
  chroot "$root" 'pdftex' --version | head -n 1 >"$stamp"
fi
echo "texlive2025-root: $(cat "$stamp") in $root" >&2

export PITH_TEX_ROOT=$root
export PITH_LATEX_MATRIX=${PITH_LATEX_MATRIX:-full}
exec python3 "$here/matrix.py" "$@"

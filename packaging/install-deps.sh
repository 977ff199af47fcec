#!/usr/bin/env bash
# Installs pith's build, test and LaTeX dependencies from Debian 12's archive.
# Idempotent: installs only what is missing, so the README's commands can call it every time.
# Every tool a test runs comes from a package named here; packaging/check-tools.sh checks them.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config python3
  libqrencode-dev libpoppler-cpp-dev libssl-dev libcli11-dev libgtest-dev googletest
  nlohmann-json3-dev libexempi-dev libicu-dev zlib1g-dev
  # badges (PNG label font: URW Nimbus Sans) and the registry client
  libpng-dev libfreetype-dev fonts-urw-base35 libcurl4-openssl-dev
  # packaging: man page, .deb (CPack's SHLIBDEPS runs file, dpkg-shlibdeps and objdump), CTAN bundle
  help2man dpkg-dev binutils file fakeroot zip man-db
  # benchmarks: peak memory
  time
  # fuzzing: clang, and its libFuzzer/sanitizer runtime (only recommended by clang, so named here)
  clang libclang-rt-14-dev
  # independent readers used by the tests
  qpdf poppler-utils mupdf-tools python3-pikepdf libimage-exiftool-perl ghostscript file
  libnss3-tools  # certutil: a throw-away certificate for the signed-PDF stamp test
  libxml2-utils zbar-tools unzip
  # TeX Live: the engines and classes the package is tested against
  texlive-binaries texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-publishers
  texlive-science texlive-xetex texlive-luatex texlive-fonts-recommended lmodern
  texlive-lang-greek  # Greek under pdfLaTeX (LGR): the badge's label stays Latin
  # LaTeXML: the HTML conversion arXiv runs, for the package's LaTeXML binding (pith.sty.ltxml)
  latexml
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

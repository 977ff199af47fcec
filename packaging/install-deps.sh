#!/usr/bin/env bash
# Installs pith's build, test and LaTeX dependencies from Debian 12's archive.
# Idempotent: installs only what is missing, so the README's commands can call it every time.
# Every tool a test runs comes from a package named here; packaging/check-tools.sh checks them.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config python3
  libqrencode-dev libpoppler-cpp-dev libpoppler-private-dev libssl-dev libcli11-dev libgtest-dev googletest
  nlohmann-json3-dev libexempi-dev libicu-dev zlib1g-dev libqpdf-dev libzbar-dev libtesseract-dev tesseract-ocr-eng
  # badges (URW Nimbus Sans, embedded as a HarfBuzz subset and drawn by FreeType in PNGs) and the registry client
  libpng-dev libfreetype-dev libharfbuzz-dev fonts-urw-base35 libcurl4-openssl-dev
  # packaging: man pages (groff and lexgrog check them), .deb (CPack's SHLIBDEPS runs file, dpkg-shlibdeps and objdump), CTAN bundle
  dpkg-dev binutils file fakeroot zip man-db groff-base lintian
  # benchmarks: peak memory; GNU parallel for the archive-scale recipe (bench/archive_bench.sh)
  time parallel
  # fuzzing: clang, and its libFuzzer/sanitizer runtime (only recommended by clang, so named here)
  clang libclang-rt-14-dev
  # the code's layout (.clang-format), checked by the packaging.format test
  clang-format
  # independent readers used by the tests
  qpdf poppler-utils mupdf-tools python3-pikepdf libimage-exiftool-perl ghostscript file
  libnss3-tools  # certutil: a throw-away certificate for the signed-PDF stamp test
  libxml2-utils zbar-tools unzip
  fonts-dejavu-core  # a TrueType program for the forgery suite's Type0 fonts
  # TeX Live: the engines and classes the package is tested against
  texlive-binaries texlive-base texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-publishers
  texlive-science texlive-xetex texlive-luatex texlive-fonts-recommended lmodern
  texlive-lang-greek  # Greek under pdfLaTeX (LGR): the badge's label stays Latin
  cm-super  # Type 1 versions of the T1-encoded EC fonts at every size, as on arXiv: without them pdfLaTeX draws
            # T1 text in bitmap Type3 fonts, which pith verify cannot vouch for (docs/REPORT.md)
  # LaTeXML: the HTML conversion arXiv runs, for the package's LaTeXML binding (pith.sty.ltxml)
  latexml
  # the reviewer's page (web/): Node and npm build it, Chromium runs its browser test
  nodejs npm chromium
)

missing=()
for p in "${packages[@]}"; do
  # A Node.js that ships its own npm (as NodeSource's nodejs does) conflicts with Debian's npm
  # package: npm is then only needed when the command is missing.
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The page's npm packages, exactly as web/package-lock.json pins them. Without install scripts:
# none is needed (esbuild's binary comes as its own package), and Chromium is Debian's, not a
# download. Again only when the lock file changed since the last install.
web="$(cd "$(dirname "$0")/.." && pwd)/web"
if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
  echo "install-deps: npm ci in $web" >&2
  (cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
fi

#!/usr/bin/env bash
# Fails fast, before the test suite starts, when a tool a test runs is missing: names each missing
# command (or TeX file, pkg-config module, Python module, data file) with the Debian 12 package
# that provides it, and exits 1. packaging/install-deps.sh installs every package named here;
# tests/packaging/test_check_tools.py keeps the two lists in step.
#
# Lines: KIND NAME PACKAGE, where KIND is
#   cmd  a command on PATH            tex  a file kpsewhich finds
#   pc   a pkg-config module          py   a module Debian's python3 imports (/usr/bin/python3)
#   file a path that must exist (a glob pattern)
set -uo pipefail

# Only shell builtins below, so that the check itself runs on any PATH.
read -r -d '' REQUIREMENTS <<'EOF'
# build
cmd cmake            cmake
cmd c++              build-essential
cmd make             build-essential
cmd pkg-config       pkg-config
cmd python3          python3
cmd clang++          clang
file /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
pc  poppler-cpp      libpoppler-cpp-dev
file /usr/include/poppler/TextOutputDev.h libpoppler-private-dev
# packaging: the man pages, the .deb (CPack's SHLIBDEPS runs file and dpkg-shlibdeps), the CTAN zip
cmd cpack            cmake
cmd dpkg-deb         dpkg
cmd dpkg-shlibdeps   dpkg-dev
cmd file             file
cmd objdump          binutils
cmd fakeroot         fakeroot
cmd zip              zip
cmd unzip            unzip
cmd man              man-db
cmd lexgrog          man-db
cmd groff            groff-base
cmd lintian          lintian
cmd gzip             gzip
# the code's layout
cmd clang-format     clang-format
# independent readers
cmd qpdf             qpdf
cmd pdftotext        poppler-utils
cmd pdfinfo          poppler-utils
cmd pdftoppm         poppler-utils
cmd pdftocairo       poppler-utils
cmd pdfsig           poppler-utils
cmd pdfdetach        poppler-utils
cmd pdffonts         poppler-utils
cmd latexmlc         latexml
cmd mutool           mupdf-tools
cmd exiftool         libimage-exiftool-perl
cmd gs               ghostscript
cmd ps2pdf           ghostscript
cmd certutil         libnss3-tools
cmd xmllint          libxml2-utils
cmd zbarimg          zbar-tools
py  pikepdf          python3-pikepdf
file /usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf fonts-urw-base35
file /usr/share/fonts/opentype/urw-base35/NimbusSans-Bold.otf fonts-urw-base35
# TeX
cmd pdflatex         texlive-latex-base
cmd latex            texlive-latex-base
cmd dvips            texlive-binaries
cmd dvipdfmx         texlive-binaries
cmd kpsewhich        texlive-binaries
cmd tex              texlive-binaries
tex docstrip.tex     texlive-latex-base
tex l3doc.cls        texlive-latex-base
cmd xelatex          texlive-xetex
cmd lualatex         texlive-luatex
cmd l3build          texlive-latex-extra
tex hyperref.sty     texlive-latex-base
tex hyperxmp.sty     texlive-latex-extra
tex revtex4-2.cls    texlive-publishers
tex IEEEtran.cls     texlive-publishers
tex acmart.cls       texlive-publishers
tex llncs.cls        texlive-publishers
tex elsarticle.cls   texlive-publishers
tex lmodern.sty      lmodern
tex mnras.cls        texlive-publishers
tex scrartcl.cls     texlive-latex-recommended
tex beamer.cls       texlive-latex-recommended
tex amsbook.cls      texlive-latex-base
tex pdfx.sty         texlive-latex-extra
tex xmpincl.sty      texlive-latex-extra
tex lgrenc.def       texlive-lang-greek
tex greek.ldf        texlive-lang-greek
# the reviewer's page (web/): build, conformance run and browser test
cmd node             nodejs
cmd npm              npm
cmd chromium         chromium
# shell utilities the scripts use
cmd timeout          coreutils
cmd cmp              diffutils
cmd parallel         parallel
cmd texdoc           texlive-base
EOF

# --list: print "KIND NAME PACKAGE" lines (for the test that compares them with install-deps.sh).
if [ "${1:-}" = "--list" ]; then
  while read -r kind name package; do
    case "$kind" in ''|'#'*) continue ;; esac
    printf '%s %s %s\n' "$kind" "$name" "$package"
  done <<< "$REQUIREMENTS"
  exit 0
fi

# Debian's python3-* packages install for Debian's interpreter; another python3 first on PATH
# (pyenv, a virtualenv) does not see them.
python=/usr/bin/python3
[ -x "$python" ] || python=python3

missing=()
while read -r kind name package; do
  case "$kind" in
    ''|'#'*) continue ;;
    cmd) command -v "$name" > /dev/null 2>&1 && continue; what="command $name" ;;
    tex) command -v kpsewhich > /dev/null 2>&1 && [ -n "$(kpsewhich "$name" 2>/dev/null)" ] && continue
         what="TeX file $name" ;;
    pc)  pkg-config --exists "$name" 2>/dev/null && continue; what="pkg-config module $name" ;;
    py)  "$python" -c "import $name" > /dev/null 2>&1 && continue; what="Python module $name ($python)" ;;
    file) compgen -G "$name" > /dev/null && continue; what="file $name" ;;
    *) echo "check-tools: unknown kind '$kind'" >&2; exit 2 ;;
  esac
  missing+=("$what: Debian package $package")
done <<< "$REQUIREMENTS"

if [ ${#missing[@]} -gt 0 ]; then
  echo "check-tools: ${#missing[@]} tool(s) the tests need are missing:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  echo "check-tools: run 'bash packaging/install-deps.sh' (as root or with sudo)" >&2
  exit 1
fi

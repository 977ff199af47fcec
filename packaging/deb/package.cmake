# The Debian package (CPack DEB): pith, its man page, bash completion, the build hooks, pith.sty
# and its LaTeXML binding where TeX and LaTeXML find them, and the docs. Included from the top-level CMakeLists.txt.
# Build it with: cmake --build <build> && (cd <build> && cpack -G DEB)

include(GNUInstallDirs)
set(PITH_PKG_DIR ${CMAKE_SOURCE_DIR}/packaging)

# Man page from the CLI's own --help. The date comes from the last commit, so one commit gives
# one page, whenever it is built.
find_program(HELP2MAN help2man)
if(HELP2MAN)
  execute_process(COMMAND git -C ${CMAKE_SOURCE_DIR} log -1 --format=%ct
                  OUTPUT_VARIABLE PITH_SOURCE_DATE_EPOCH OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT PITH_SOURCE_DATE_EPOCH)
    set(PITH_SOURCE_DATE_EPOCH 1778284800)  # 2026-05-09, when git is not there (a source tarball)
  endif()
  set(PITH_MANPAGE ${CMAKE_BINARY_DIR}/packaging/pith.1)
  add_custom_command(
    OUTPUT ${PITH_MANPAGE}.gz
    COMMAND ${CMAKE_COMMAND} -E env SOURCE_DATE_EPOCH=${PITH_SOURCE_DATE_EPOCH}
            ${CMAKE_COMMAND} -DPITH=$<TARGET_FILE:pith> -DHELP2MAN=${HELP2MAN} -DOUT=${PITH_MANPAGE}
            -DWORK=${CMAKE_BINARY_DIR}/packaging -P ${PITH_PKG_DIR}/deb/make-manpage.cmake
    COMMAND gzip -9 -n -f ${PITH_MANPAGE}
    DEPENDS pith ${PITH_PKG_DIR}/deb/make-manpage.cmake
    COMMENT "Man page pith.1 from pith --help")
  add_custom_target(pith-manpage ALL DEPENDS ${PITH_MANPAGE}.gz)
  install(FILES ${PITH_MANPAGE}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man page (packaging/install-deps.sh installs it)")
endif()

install(FILES ${PITH_PKG_DIR}/completion/pith.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME pith)

# The hooks live with their Python modules in /usr/share/pith/hooks; /usr/bin gets small launchers.
set(PITH_HOOK_DIR ${CMAKE_INSTALL_DATADIR}/pith/hooks)
install(PROGRAMS ${PITH_PKG_DIR}/hooks/pith-precompile-hook ${PITH_PKG_DIR}/hooks/pith-postbuild-hook
        DESTINATION ${PITH_HOOK_DIR})
install(FILES ${PITH_PKG_DIR}/hooks/pith_hooklib.py ${PITH_PKG_DIR}/hooks/pith_texmain.py DESTINATION ${PITH_HOOK_DIR})
foreach(hook pith-precompile-hook pith-postbuild-hook)
  file(WRITE ${CMAKE_BINARY_DIR}/packaging/bin/${hook}
       "#!/bin/sh\nexec /usr/${PITH_HOOK_DIR}/${hook} \"$@\"\n")
  install(PROGRAMS ${CMAKE_BINARY_DIR}/packaging/bin/${hook} DESTINATION ${CMAKE_INSTALL_BINDIR})
endforeach()

# pith.sty in the system TEXMF tree that Debian's TeX Live searches (!!/usr/share/texmf); the
# maintainer scripts refresh its ls-R so that kpsewhich finds it. Its LaTeXML binding goes beside
# it: LaTeXML looks bindings up in the same tree (through kpsewhich's ls-R files) when the
# paper's directory has none.
install(FILES ${CMAKE_SOURCE_DIR}/latex/pith.sty ${CMAKE_SOURCE_DIR}/latex/pith.sty.ltxml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/texmf/tex/latex/pith)

install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
file(GLOB PITH_DOCS ${CMAKE_SOURCE_DIR}/docs/*.md)
install(FILES ${PITH_DOCS} DESTINATION ${CMAKE_INSTALL_DOCDIR})
if(EXISTS ${CMAKE_SOURCE_DIR}/examples)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
          PATTERN "*.pdf" EXCLUDE PATTERN "*.aux" EXCLUDE PATTERN "*.log" EXCLUDE)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pith)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "pith maintainers <pith@pith.science>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "verifiable Pith Number badges for papers")
set(CPACK_PACKAGE_DESCRIPTION "pith puts a paper's Pith Number into it, as a linked badge and embedded \
metadata (XMP, Info, the record as an attachment), through a LaTeX package or by stamping a \
finished PDF, and verifies both offline. Includes build hooks for submission pipelines, badges \
for the web (SVG, PDF, PNG) and a registry client.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION tex)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libcurl is loaded on first use (tool/lib/registry/curl_loader.hpp), so shlibdeps cannot see it.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3, fonts-urw-base35, libcurl4")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "texlive-latex-base, texlive-latex-recommended")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qpdf, poppler-utils, latexml")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PITH_PKG_DIR}/deb/postinst ${PITH_PKG_DIR}/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)

# The CTAN upload: `cmake --build <build> --target ctan` writes <build>/pith-ctan.zip.
add_custom_target(ctan
  COMMAND python3 ${PITH_PKG_DIR}/ctan/build_ctan.py --pith $<TARGET_FILE:pith> --out ${CMAKE_BINARY_DIR}/pith-ctan.zip
  DEPENDS pith
  COMMENT "CTAN bundle pith-ctan.zip")

# The Debian package (CPack DEB): pith, its man pages, bash completion, the build hooks, pith.sty
# and its LaTeXML binding where TeX and LaTeXML find them, and the docs. Included from the top-level CMakeLists.txt.
# Build it with: cmake --build <build> && (cd <build> && cpack -G DEB)

include(GNUInstallDirs)
set(PITH_PKG_DIR ${CMAKE_SOURCE_DIR}/packaging)

# Man pages: written for people in docs/man/*.1.in (roff, kept with the code), one per command and
# per hook plus pith(1); the version is filled in here, and each page is compressed as Debian
# policy wants (gzip -9n: no name or time stamp, so the same source gives the same bytes).
file(GLOB PITH_MAN_SOURCES ${CMAKE_SOURCE_DIR}/docs/man/*.1.in)
set(PITH_MAN_DIR ${CMAKE_BINARY_DIR}/packaging/man)
set(PITH_MANPAGES "")
foreach(source IN LISTS PITH_MAN_SOURCES)
  get_filename_component(page ${source} NAME_WLE)  # pith-verify.1
  configure_file(${source} ${PITH_MAN_DIR}/${page} @ONLY)
  add_custom_command(
    OUTPUT ${PITH_MAN_DIR}/${page}.gz
    COMMAND gzip -9 -n -c ${PITH_MAN_DIR}/${page} > ${PITH_MAN_DIR}/${page}.gz
    DEPENDS ${source} ${PITH_MAN_DIR}/${page}
    COMMENT "Man page ${page}")
  list(APPEND PITH_MANPAGES ${PITH_MAN_DIR}/${page}.gz)
endforeach()
add_custom_target(pith-manpages ALL DEPENDS ${PITH_MANPAGES})
install(FILES ${PITH_MANPAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Documentation compressed (Debian policy 12.3), except copyright, which must stay readable as is.
set(PITH_DOC_BUILD ${CMAKE_BINARY_DIR}/packaging/doc)
file(GLOB PITH_DOC_SOURCES ${CMAKE_SOURCE_DIR}/docs/*.md)
list(PREPEND PITH_DOC_SOURCES ${CMAKE_SOURCE_DIR}/README.md)
set(PITH_DOCS_GZ "")
foreach(source IN LISTS PITH_DOC_SOURCES)
  get_filename_component(name ${source} NAME)
  add_custom_command(
    OUTPUT ${PITH_DOC_BUILD}/${name}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PITH_DOC_BUILD}
    COMMAND gzip -9 -n -c ${source} > ${PITH_DOC_BUILD}/${name}.gz
    DEPENDS ${source})
  list(APPEND PITH_DOCS_GZ ${PITH_DOC_BUILD}/${name}.gz)
endforeach()
add_custom_command(
  OUTPUT ${PITH_DOC_BUILD}/changelog.Debian.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PITH_DOC_BUILD}
  COMMAND gzip -9 -n -c ${PITH_PKG_DIR}/deb/changelog > ${PITH_DOC_BUILD}/changelog.Debian.gz
  DEPENDS ${PITH_PKG_DIR}/deb/changelog)
list(APPEND PITH_DOCS_GZ ${PITH_DOC_BUILD}/changelog.Debian.gz)
add_custom_target(pith-docs ALL DEPENDS ${PITH_DOCS_GZ})
install(FILES ${PITH_DOCS_GZ} ${PITH_PKG_DIR}/deb/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

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

# pith.sty (generated from latex/pith.dtx by docstrip) in the system TEXMF tree that Debian's
# TeX Live searches (!!/usr/share/texmf); the maintainer scripts refresh its ls-R so that
# kpsewhich finds it. Its LaTeXML binding goes beside
# it: LaTeXML looks bindings up in the same tree (through kpsewhich's ls-R files) when the
# paper's directory has none.
install(FILES ${PITH_GENERATED_STY} ${CMAKE_SOURCE_DIR}/latex/pith.sty.ltxml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/texmf/tex/latex/pith)

# The examples as they are (a paper to compile and its records), without the repository's own
# files; nothing in /usr/share/doc is executable.
if(EXISTS ${CMAKE_SOURCE_DIR}/examples)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
          FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
          PATTERN "*.pdf" EXCLUDE PATTERN "*.aux" EXCLUDE PATTERN "*.log" EXCLUDE PATTERN ".gitignore" EXCLUDE
          PATTERN "__pycache__" EXCLUDE)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pith)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Debian revision 1 of upstream PROJECT_VERSION: packaging/deb/changelog's first entry names it.
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_PACKAGE_CONTACT "pith maintainers <pith@pith.science>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "verifiable Pith Number badges for papers")
# Lines of at most 80 characters, as the control file's extended description wants them.
set(CPACK_PACKAGE_DESCRIPTION "pith puts a paper's Pith Number into it, as a linked badge and
embedded metadata (XMP, Info, the record as an attachment), through a LaTeX
package or by stamping a finished PDF, and verifies both offline. Includes
build hooks for submission pipelines, badges for the web (SVG, PDF, PNG) and
a registry client.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION tex)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libcurl is loaded on first use (tool/lib/registry/curl_loader.hpp), so shlibdeps cannot see it.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3, fonts-urw-base35, libcurl4, tesseract-ocr-eng")
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

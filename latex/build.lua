-- l3build configuration for pith.sty: `l3build check` runs the regression tests in
-- testfiles/ (package logic: number forms, data file reading, errors) with pdfTeX.
module = "pith"
-- `l3build install` puts the LaTeXML binding beside the package, where LaTeXML finds it too.
sourcefiles = {"pith.sty", "pith.sty.ltxml"}
installfiles = {"pith.sty", "pith.sty.ltxml"}
checkengines = {"pdftex"}
checkruns = 1
stdengine = "pdftex"
testfiledir = "testfiles"
supportdir = "testfiles/support"

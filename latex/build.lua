-- l3build configuration for pith (source pith.dtx, unpacked by pith.ins into pith.sty):
-- `l3build check` runs the regression tests in
-- testfiles/ (package logic: number forms, data file reading, errors) with pdfTeX.
module = "pith"
-- `l3build install` puts the LaTeXML binding beside the package, where LaTeXML finds it too.
sourcefiles = {"pith.dtx", "pith.ins", "pith.sty.ltxml"}
unpackfiles = {"pith.ins"}
installfiles = {"pith.sty", "pith.sty.ltxml"}
checkengines = {"pdftex"}
checkruns = 1
stdengine = "pdftex"
testfiledir = "testfiles"
supportdir = "testfiles/support"

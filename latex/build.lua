-- l3build configuration for pith.sty: `l3build check` runs the regression tests in
-- testfiles/ (package logic: number forms, data file reading, errors) with pdfTeX.
module = "pith"
sourcefiles = {"pith.sty"}
installfiles = {"pith.sty"}
checkengines = {"pdftex"}
checkruns = 1
stdengine = "pdftex"
testfiledir = "testfiles"
supportdir = "testfiles/support"

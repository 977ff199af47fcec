# Writes pith.1 from the CLI's own help: help2man for the top level, and a COMMANDS section with the
# --help of every subcommand (and of their subcommands), so the man page cannot drift from the tool.
# cmake -DPITH=<binary> -DHELP2MAN=<help2man> -DOUT=<pith.1> -DWORK=<dir> -P make-manpage.cmake
# SOURCE_DATE_EPOCH in the environment fixes the date help2man prints (reproducible builds).

function(subcommands_of help_text out_var)
  # CLI11 lists them under "Subcommands:" as "  name   description".
  set(names "")
  string(FIND "${help_text}" "Subcommands:" at)
  if(at GREATER -1)
    string(SUBSTRING "${help_text}" ${at} -1 tail)
    string(REPLACE "\n" ";" lines "${tail}")
    foreach(line IN LISTS lines)
      if(line MATCHES "^  ([a-z][a-z0-9-]*)  ")
        list(APPEND names "${CMAKE_MATCH_1}")
      elseif(line MATCHES "^[A-Z]" AND NOT line MATCHES "^Subcommands:")
        break()
      endif()
    endforeach()
  endif()
  set(${out_var} "${names}" PARENT_SCOPE)
endfunction()

function(roff_block text out_var)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out_var} ".nf\n${text}\n.fi\n" PARENT_SCOPE)
endfunction()

execute_process(COMMAND "${PITH}" --help OUTPUT_VARIABLE top RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PITH} --help failed")
endif()
subcommands_of("${top}" commands)
set(include "[COMMANDS]\nEach command has its own \\fB--help\\fR; this is it.\n")
foreach(cmd IN LISTS commands)
  execute_process(COMMAND "${PITH}" ${cmd} --help OUTPUT_VARIABLE help)
  string(REPLACE "${PITH}" "pith" help "${help}")
  roff_block("${help}" block)
  string(APPEND include ".SS \"pith ${cmd}\"\n${block}")
  subcommands_of("${help}" nested)
  foreach(sub IN LISTS nested)
    execute_process(COMMAND "${PITH}" ${cmd} ${sub} --help OUTPUT_VARIABLE subhelp)
    string(REPLACE "${PITH}" "pith" subhelp "${subhelp}")
    roff_block("${subhelp}" block)
    string(APPEND include ".SS \"pith ${cmd} ${sub}\"\n${block}")
  endforeach()
endforeach()
string(APPEND include "[SEE ALSO]\n\\fBpith-precompile-hook\\fR and \\fBpith-postbuild-hook\\fR (/usr/share/doc/pith/HOOKS.md), "
  "the LaTeX package: \\fBtexdoc pith\\fR, the record format: /usr/share/doc/pith/FORMAT.md.\n")
file(MAKE_DIRECTORY "${WORK}")
file(WRITE "${WORK}/pith.h2m" "${include}")
execute_process(
  COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --section=1 "--name=put verifiable Pith Number badges into papers, and check them again"
          --include=${WORK}/pith.h2m --output=${OUT} "${PITH}"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed")
endif()
# help2man names the program after the path it ran: the page is for `pith`.
file(READ "${OUT}" page)
string(REPLACE "${PITH}" "pith" page "${page}")
file(WRITE "${OUT}" "${page}")

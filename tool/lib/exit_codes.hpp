#pragma once
// Exit codes shared by every pith command (documented in `pith --help` and the README).
namespace pith {
enum ExitCode : int {
    kExitOk = 0,            // all checks pass / the work was done
    kExitCheckFailed = 1,   // a check failed, or the document was modified after stamping
    kExitUsage = 2,         // bad command line
    kExitBadInput = 3,      // input unreadable or invalid (JSON, record, PDF, key file)
    kExitNoPithData = 4,    // a PDF carries no Pith data
    kExitOutputFailed = 5,  // the output could not be written (nothing partial is left)
    kExitUnverifiable = 6,  // nothing failed, but it is not signed by a key you trust (or cannot be told)
    kExitInternal = 70,     // a bug in pith (a broken internal rule), never a verdict on the input
};
}

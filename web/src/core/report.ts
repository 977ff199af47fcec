// The report of docs/REPORT.md (schema pith.report/1), as `pith verify --json` prints it.
export type Status = "pass" | "fail" | "n/a" | "unverifiable";
export type CheckResult = { id: string; title: string; status: Status; reason: string };
export type Verdict = "VERIFIED" | "MODIFIED" | "FAILED" | "UNVERIFIABLE" | "NO-PITH-DATA" | "UNREADABLE";
export type Report = {
  schema: "pith.report/1"; subject: string; verdict: Verdict; checks?: CheckResult[]; facts?: { [k: string]: unknown };
  proves?: string; does_not_prove?: string; error?: string;
  // Checks the page could not perform (reason starts "not performed in the page"): never VERIFIED.
  not_performed?: string[];
};
export const NOT_PERFORMED = "not performed in the page: ";

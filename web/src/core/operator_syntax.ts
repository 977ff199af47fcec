// The operators of a content stream and how many operands each takes (ISO 32000-1, Annex A), as
// tool/lib/pdf/content/operator_syntax.cpp: viewers disagree on an operator given the wrong number of
// operands (poppler takes the last ones of too many and stops drawing the page at too few; MuPDF
// takes the first ones and skips the operator) and on unknown operators outside a BX/EX section
// (MuPDF stops drawing a page after too many of them, poppler goes on).

// [least, most] operands; sc and SC take a colour's components (DeviceN: up to 32), scn and SCN a name too.
const ARITY: ReadonlyMap<string, readonly [number, number]> = new Map<string, readonly [number, number]>([
  ["b", [0, 0]], ["B", [0, 0]], ["b*", [0, 0]], ["B*", [0, 0]], ["BDC", [2, 2]], ["BI", [0, 0]], ["BMC", [1, 1]], ["BT", [0, 0]],
  ["BX", [0, 0]], ["c", [6, 6]], ["cm", [6, 6]], ["CS", [1, 1]], ["cs", [1, 1]], ["d", [2, 2]], ["d0", [2, 2]], ["d1", [6, 6]],
  ["Do", [1, 1]], ["DP", [2, 2]], ["EI", [0, 0]], ["EMC", [0, 0]], ["ET", [0, 0]], ["EX", [0, 0]], ["f", [0, 0]], ["F", [0, 0]],
  ["f*", [0, 0]], ["G", [1, 1]], ["g", [1, 1]], ["gs", [1, 1]], ["h", [0, 0]], ["i", [1, 1]], ["ID", [0, 0]], ["j", [1, 1]],
  ["J", [1, 1]], ["K", [4, 4]], ["k", [4, 4]], ["l", [2, 2]], ["m", [2, 2]], ["M", [1, 1]], ["MP", [1, 1]], ["n", [0, 0]],
  ["q", [0, 0]], ["Q", [0, 0]], ["re", [4, 4]], ["RG", [3, 3]], ["rg", [3, 3]], ["ri", [1, 1]], ["s", [0, 0]], ["S", [0, 0]],
  ["SC", [1, 32]], ["sc", [1, 32]], ["SCN", [1, 33]], ["scn", [1, 33]], ["sh", [1, 1]], ["T*", [0, 0]], ["Tc", [1, 1]], ["Td", [2, 2]],
  ["TD", [2, 2]], ["Tf", [2, 2]], ["Tj", [1, 1]], ["TJ", [1, 1]], ["TL", [1, 1]], ["Tm", [6, 6]], ["Tr", [1, 1]], ["Ts", [1, 1]],
  ["Tw", [1, 1]], ["Tz", [1, 1]], ["v", [4, 4]], ["w", [1, 1]], ["W", [0, 0]], ["W*", [0, 0]], ["y", [4, 4]], ["'", [1, 1]],
  ['"', [3, 3]],
]);

export class OperatorSyntax {
  private compatibility = 0; // open BX sections, where unknown operators are allowed
  // The first operator of the content read so far that viewers may read differently, with why.
  doubt?: string;

  // The value of a token that starts like a number (a digit, sign or period), as pith's
  // OperatorSyntax::number: only what ISO 32000-1 7.3.3 writes as a number (a sign, digits and at
  // most one period; 64 characters at most) is read alike ("1e3" is 1 and an operator to poppler,
  // 1000 to pdf.js). Any other such token is a doubt, and 0. Values beyond a double's range are 0.
  number(token: string, length: number): number {
    if (length > 64 || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) {
      this.doubt ??= `the content has "${token.slice(0, 32)}" where a number is read: it is no PDF number, and viewers read it differently`;
      return 0;
    }
    const v = parseFloat(token);
    return Number.isFinite(v) ? v : 0;
  }

  check(op: string, operands: number): void {
    if (op === "BX") this.compatibility++;
    if (op === "EX" && this.compatibility > 0) this.compatibility--;
    if (this.doubt !== undefined) return;
    const a = ARITY.get(op);
    if (!a) {
      if (this.compatibility === 0)
        this.doubt = `the content has an unknown operator "${op.slice(0, 32)}" outside BX/EX: MuPDF stops drawing a page after such errors, poppler goes on`;
      return;
    }
    if (operands < a[0] || operands > a[1]) {
      const takes = a[0] === a[1] ? `${a[0]}` : `${a[0]} to ${a[1]}`;
      this.doubt = `the content gives the operator ${op} ${operands} operand${operands === 1 ? "" : "s"} (it takes ${takes}): viewers then draw differently (poppler stops at too few and takes the last of too many, MuPDF the first)`;
    }
  }
}

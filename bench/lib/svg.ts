// The results chart as hand-written SVG: one horizontal bar per comparison, its length the ratio
// ours ÷ peer on a log scale (so 0.05 and 1.5 both read), a tick at the target, green when met.
// Pure: data in, SVG text out; no fonts or scripts loaded, so GitHub renders it as an image.

export interface RatioBar {
  readonly label: string;
  /** ours ÷ peer; undefined when either side is missing. */
  readonly ratio: number | undefined;
  readonly target: number;
}

const W = 760;
const LABEL_W = 300;
const ROW_H = 26;
const TOP = 40;
const LO = Math.log10(0.01);
const HI = Math.log10(10);

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const x = (v: number) => LABEL_W + ((Math.min(HI, Math.max(LO, Math.log10(v))) - LO) / (HI - LO)) * (W - LABEL_W - 60);

export function ratioChart(title: string, bars: readonly RatioBar[]): string {
  const h = TOP + bars.length * ROW_H + 30;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${h}" fill="#fff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`,
  ];
  for (const v of [0.01, 0.1, 1, 10]) {
    const gx = x(v).toFixed(1);
    out.push(`<line x1="${gx}" y1="${TOP - 8}" x2="${gx}" y2="${h - 24}" stroke="#ccc"/>`);
    out.push(`<text x="${gx}" y="${h - 10}" text-anchor="middle" fill="#555">${v}×</text>`);
  }
  bars.forEach((b, i) => {
    const y = TOP + i * ROW_H;
    out.push(`<text x="${LABEL_W - 8}" y="${y + 15}" text-anchor="end">${esc(b.label)}</text>`);
    if (b.ratio === undefined || !Number.isFinite(b.ratio)) {
      out.push(`<text x="${LABEL_W + 4}" y="${y + 15}" fill="#888">not measured (see RESULTS.md)</text>`);
    } else {
      const met = b.ratio <= b.target;
      const x0 = x(0.01);
      out.push(
        `<rect x="${x0}" y="${y + 4}" width="${(x(b.ratio) - x0).toFixed(1)}" height="${ROW_H - 10}" fill="${met ? "#2a9d4a" : "#d1495b"}"/>`,
        `<text x="${(x(b.ratio) + 4).toFixed(1)}" y="${y + 15}">${b.ratio.toFixed(2)}×</text>`,
      );
    }
    const tx = x(b.target).toFixed(1);
    out.push(`<line x1="${tx}" y1="${y + 1}" x2="${tx}" y2="${y + ROW_H - 3}" stroke="#000" stroke-width="2"/>`);
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

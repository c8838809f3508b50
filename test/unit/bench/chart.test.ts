// The benchmark chart is generated from data: a met target draws green, a missed one red, a
// missing side says "not measured" instead of drawing a bar, and labels are XML-escaped.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ratioChart } from "../../../bench/lib/svg.js";

test("ratio chart: colour by target, no bar for a missing figure, escaped labels", () => {
  const svg = ratioChart("t", [
    { label: "status <fast>", ratio: 0.04, target: 0.05 },
    { label: "cold start", ratio: 0.8, target: 0.5 },
    { label: "AM memory", ratio: undefined, target: 0.25 },
  ]);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(svg.includes("status &lt;fast&gt;"));
  const fills = [...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]{3,6})"/g)].map((m) => m[1]);
  assert.deepEqual(fills, ["#fff", "#2a9d4a", "#d1495b"]); // background, met, missed: no third bar
  assert.ok(svg.includes("not measured"));
  assert.ok(svg.includes(">0.04×<") && svg.includes(">0.80×<"));
});

test("ratio chart: a longer ratio draws a longer bar (log scale)", () => {
  const width = (ratio: number) =>
    Number(
      /<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"/.exec(ratioChart("t", [{ label: "x", ratio, target: 1 }]))![1],
    );
  assert.ok(width(0.1) < width(1) && width(1) < width(5));
  assert.ok(Math.abs(width(1) - width(0.1) - (width(0.1) - width(0.01))) < 0.5); // equal steps per decade
});

// Measures, in the browser, what a reader sees of a page's charts and filter form at the window's width (a phone's,
// a desktop's): chart text at least 10 px as drawn, no two labels running into each other or out of their chart,
// each filter's label above its control, nothing wider than the window, and at a desktop's width no table wider than
// its box. Writes the verdict into the DOM (<pre id="layout-verdict">) for `layout.sh` to read. Inserted only into
// a saved copy of a page: the served pages carry no script (their Content-Security-Policy forbids one).
(function () {
  const problems = [];
  const px = (element) => parseFloat(getComputedStyle(element).fontSize);
  const shown = (element) => getComputedStyle(element).display !== "none" && element.getClientRects().length > 0;
  let labels = 0;
  for (const svg of document.querySelectorAll("svg.chart, svg.map")) {
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll("text")].filter(shown);
    for (const text of texts) {
      labels++;
      const size = px(text) * scale;
      if (size < 10) problems.push(`"${text.textContent}" in ${svg.getAttribute("class")} is ${size.toFixed(1)}px`);
      const r = text.getBoundingClientRect();
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5)
        problems.push(`"${text.textContent}" leaves its chart (${r.left.toFixed(0)}–${r.right.toFixed(0)})`);
    }
    // Labels on one line must not run into each other.
    const rows = {};
    for (const text of texts) (rows[text.getAttribute("y")] ??= []).push(text.getBoundingClientRect());
    for (const row of Object.values(rows)) {
      row.sort((a, b) => a.left - b.left);
      for (let i = 1; i < row.length; i++)
        if (row[i].left < row[i - 1].right - 0.5) problems.push(`two labels overlap at x=${row[i].left.toFixed(0)}`);
    }
  }
  for (const item of document.querySelectorAll("ul.legend li")) {
    labels++;
    if (px(item) < 10) problems.push(`legend "${item.textContent}" is ${px(item)}px`);
  }
  // A filter's label sits above its own control, not at the end of the line before it.
  for (const label of document.querySelectorAll("form.filters label")) {
    const control = document.getElementById(label.htmlFor);
    if (!control) continue;
    const [l, c] = [label.getBoundingClientRect(), control.getBoundingClientRect()];
    if (l.bottom > c.top + 0.5 || Math.abs(l.left - c.left) > 1)
      problems.push(`label "${label.textContent}" is not above its control`);
  }
  // At a desktop's width, every table fits its box: a reader should not scroll sideways to find its last column. (On
  // a phone, or a window narrower than 1280 px, a wide table scrolls inside its own box, which is what `.table` is for.)
  if (window.innerWidth >= 1280)
    for (const box of document.querySelectorAll(".table"))
      if (shown(box) && box.scrollWidth > box.clientWidth + 1)
        problems.push(`table ${box.querySelector("table")?.id || "?"} is ${box.scrollWidth}px wide in its ${box.clientWidth}px box`);
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    problems.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
  const verdict = document.createElement("pre");
  verdict.id = "layout-verdict";
  verdict.textContent = `width ${window.innerWidth}; ${labels} labels; ` + (problems.length ? "PROBLEMS: " + problems.join("; ") : "ok");
  document.body.append(verdict);
})();

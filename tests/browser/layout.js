(() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${width}px window`);
  }
  for (const grid of document.querySelectorAll(".cards")) {
    const box = grid.getBoundingClientRect();
    const rows = new Map();
    for (const card of grid.children) {
      const rect = card.getBoundingClientRect();
      const top = Math.round(rect.top);
      rows.set(top, [...(rows.get(top) || []), rect]);
    }
    for (const [top, cards] of rows) {
      const right = Math.max(...cards.map((rect) => rect.right));
      const left = Math.min(...cards.map((rect) => rect.left));
      if (right < box.right - 2 || left > box.left + 2) {
        problems.push(`a row of ${cards.length} card(s) in a grid of ${grid.children.length} leaves ${Math.round(box.right - right)}px empty (${grid.className})`);
      }
    }
  }
  for (const value of document.querySelectorAll(".figure__value")) {
    const range = document.createRange();
    range.selectNodeContents(value);
    const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    if (lines.size > 1) problems.push(`the figure "${value.textContent}" breaks over ${lines.size} lines`);
    if (value.scrollWidth > value.clientWidth + 1) problems.push(`the figure "${value.textContent}" overflows its column`);
  }
  const name = document.querySelector(".site-header__name");
  if (name && name.scrollHeight > name.clientHeight + 1) problems.push(`the site's name is cut: "${name.textContent}"`);
  return problems;
})

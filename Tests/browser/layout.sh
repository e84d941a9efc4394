# The layout check, sourced by check-web.sh and check-brief.sh: a saved copy of a page (its stylesheet beside it) is
# loaded in headless Chromium inside an iframe of a given width (headless windows are at least 500 px wide, wider
# than a phone), with measure-layout.js added to the copy; the verdict is read from the DOM Chromium dumps.
# Usage: layout_check PAGE.html WIDTH NAME — exits with the problems when there are any.
# Also printed_sheets URL PDF: how many sheets headless Chromium prints URL on (its default Letter paper, no header or
# footer), the PDF kept at PDF.

printed_sheets() {
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$2" "$1" 2>/dev/null
    python3 -c 'import re, sys; print(len(re.findall(rb"/Type\s*/Page[^s]", open(sys.argv[1], "rb").read())))' "$2"
}

layout_check() {
    local page="$1" width="$2" name="$3" dir
    dir="$(dirname "$page")"
    { echo "<script>"; cat "$(dirname "${BASH_SOURCE[0]}")/measure-layout.js"; echo "</script>"; } >>"$page"
    cat >"$dir/frame.html" <<HTML
<!doctype html><html><body><iframe id="frame" src="$(basename "$page")" width="$width" height="900"></iframe>
<script>
document.getElementById("frame").addEventListener("load", (event) => {
  const verdict = event.target.contentDocument?.getElementById("layout-verdict");
  const out = document.createElement("pre");
  out.id = "verdict";
  out.textContent = verdict ? verdict.textContent : "no verdict: the page could not be measured";
  document.body.append(out);
});
</script></body></html>
HTML
    local verdict
    verdict="$(chromium --headless --no-sandbox --disable-gpu --allow-file-access-from-files --window-size=1400,1000 \
        --dump-dom "file://$dir/frame.html" 2>/dev/null | python3 -c '
import html, re, sys
m = re.search(r"<pre id=\"verdict\">([^<]*)</pre>", sys.stdin.read())
print(html.unescape(m.group(1)) if m else "no verdict in the DOM")')"
    case "$verdict" in
    "width $width; "*"; ok") ;;
    *) echo "layout $name at $width px: $verdict" >&2; return 1 ;;
    esac
}

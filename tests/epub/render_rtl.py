#!/usr/bin/env python3
"""Open a Persian chapter as a reader would: headless Chromium lays out
the XHTML of the persian fixture with its stylesheet, and a script
measures where things land:
  - the heading sits at the right edge (the page runs right to left);
  - in "(Assembly of People of Kazakhstan - APK)" inside Persian prose,
    "Assembly" stands left of "APK" (the English run reads left to
    right) and both stand left of the Persian words before them;
  - the list marker stays on the right of an English list item.
Skips (77) when chromium is not installed.  With RECTO_RENDER_PNG=FILE
a screenshot is written too, to look at.

  render_rtl.py EPUB_TEST
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

SCRIPT = r"""<script type="text/javascript"><![CDATA[
window.addEventListener('load', function () {
  function box(text) {
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      var n = walker.currentNode, i = n.data.indexOf(text);
      if (i >= 0) {
        var r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + text.length);
        return r.getBoundingClientRect();
      }
    }
    return null;
  }
  var out = [], w = document.documentElement.clientWidth;
  var h1 = box(document.querySelector('h1').textContent);
  out.push('heading-right ' + (h1 && h1.right > w * 0.9 && h1.left > w * 0.5));
  var a = box('Assembly'), k = box('APK'), fa = box('قزاقستان');
  out.push('english-ltr ' + (a && k && a.top === k.top ? a.left < k.left
                                                         : !!(a && k)));
  out.push('persian-first ' + (a && fa && fa.top === a.top
                               ? fa.left > a.right : !!(a && fa)));
  var li = document.querySelectorAll('li')[1];
  var item = box('An English item in the list');
  out.push('marker-side ' + (item && li &&
      Math.abs(li.getBoundingClientRect().right - item.right) < 5 &&
      getComputedStyle(li).direction === 'rtl') + ' ' +
      (item && li ? li.getBoundingClientRect().right + ' ' + item.right : ''));
  var pre = document.createElement('pre');
  pre.id = 'rtl-result';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
});
]]></script>
"""


def main():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("chromium is not installed")
        return 77
    tmp = tempfile.mkdtemp(prefix="recto-render-")
    try:
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        subprocess.run([sys.argv[1], "write", tmp], check=True, env=env)
        with zipfile.ZipFile(os.path.join(tmp, "persian.epub")) as z:
            z.extractall(os.path.join(tmp, "book"))
        page = os.path.join(tmp, "book", "EPUB", "text", "ch002.xhtml")
        with open(page, encoding="utf-8") as f:
            xhtml = f.read()
        with open(page, "w", encoding="utf-8") as f:
            f.write(xhtml.replace("</body>", SCRIPT + "</body>"))
        base = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--window-size=700,900", "--user-data-dir=" +
                os.path.join(tmp, "profile")]
        url = "file://" + page
        dom = subprocess.run(base + ["--dump-dom", url], capture_output=True,
                             text=True, timeout=120).stdout
        png = os.environ.get("RECTO_RENDER_PNG")
        if png:
            subprocess.run(base + ["--screenshot=" + png, url],
                           capture_output=True, timeout=120)
        m = re.search(r'<pre id="rtl-result">(.*?)</pre>', dom, re.S)
        if not m:
            print("FAIL: the page did not report (chromium output: %d bytes)"
                  % len(dom))
            return 1
        failures = 0
        for line in m.group(1).strip().splitlines():
            name, ok = line.split(" ")[0], line.split(" ")[1]
            print(("ok: " if ok == "true" else "FAIL: ") + line)
            failures += ok != "true"
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

// What the markup of Sphinx 9.0 and furo leaves out for assistive technology (axe-core rules
// aria-required-attr, landmark-unique, scrollable-region-focusable), added once the page is parsed.
document.addEventListener("DOMContentLoaded", () => {
  // Toctree captions are written as <p role="heading"> with no level; they head sections of
  // the navigation, below the page's title.
  for (const caption of document.querySelectorAll('[role="heading"]:not([aria-level])')) {
    caption.setAttribute("aria-level", "2");
  }
  // Two <aside> landmarks: each gets a name a screen reader can announce.
  const names = { ".sidebar-drawer": "Book navigation", ".toc-drawer": "On this page" };
  for (const [selector, name] of Object.entries(names)) {
    const aside = document.querySelector(selector);
    if (aside && !aside.hasAttribute("aria-label")) aside.setAttribute("aria-label", name);
  }
  // A code block or a wide diagram that scrolls sideways must be reachable by the keyboard, so
  // that the arrow keys can scroll it; the ones that fit stay out of the tab order. A diagram's
  // frame says whether it scrolls, and on which sides there is more (playbook-reading.css).
  const scrollers = document.querySelectorAll("div.highlight pre, .playbook-diagram-scroller");
  const mark = (scroller) => {
    const hidden = scroller.scrollWidth - scroller.clientWidth, frame = scroller.parentElement.classList;
    if (!frame.contains("playbook-diagram")) return;
    frame.toggle("playbook-scrolls", hidden > 1);
    frame.toggle("playbook-more-left", hidden > 1 && scroller.scrollLeft > 1);
    frame.toggle("playbook-more-right", hidden > 1 && scroller.scrollLeft < hidden - 1);
  };
  const update = () => {
    for (const element of scrollers) {
      if (element.scrollWidth > element.clientWidth) element.setAttribute("tabindex", "0");
      else if (element.getAttribute("tabindex") === "0") element.removeAttribute("tabindex");
      mark(element);
    }
  };
  for (const element of scrollers) element.addEventListener("scroll", () => mark(element));
  update();
  window.addEventListener("resize", update);
});

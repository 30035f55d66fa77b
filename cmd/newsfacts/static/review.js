// Keyboard shortcuts for the newsfacts review UI, and nothing else: every
// action is a plain link or form that works without this script. An element
// with data-key="a" is clicked when "a" is typed; a <details> element is
// opened and its first field focused.
(function () {
  'use strict';
  var keys = ['a', 'r', 'e', 'j', 'n', 'k', 'p'];

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) {
      return;
    }
    if (typing(ev.target)) {
      if (ev.key === 'Escape') {
        ev.target.blur();
      }
      return;
    }
    if (keys.indexOf(ev.key) < 0) {
      return;
    }
    var el = document.querySelector('[data-key~="' + ev.key + '"]');
    if (!el) {
      return;
    }
    ev.preventDefault();
    if (el.tagName === 'DETAILS') {
      el.open = true;
      el.scrollIntoView({block: 'nearest'});
      var first = el.querySelector('input:not([type=hidden]), select, textarea');
      if (first) {
        first.focus();
      }
      return;
    }
    el.click();
  });
  // Tells tests (and curious people) that the shortcuts are live.
  document.documentElement.setAttribute('data-keys', 'on');
})();

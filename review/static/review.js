// Keyboard shortcuts for the newsfacts review UI, and the guard that keeps
// unsaved corrections from being dropped: every action is a plain link or
// form that works without this script. An element with data-key="a" is
// clicked when "a" is typed; a <details> element is opened and its first
// field focused; a text field is focused.
(function () {
  'use strict';
  var keys = ['a', 'r', 'e', 'j', 'n', 'k', 'p', 'u', 'N', 'R', '/'];
  // Keys that leave the page: with unsaved corrections they only warn.
  var leaving = ['a', 'r', 'j', 'n', 'k', 'p', 'u'];
  var edit = document.getElementById('edit-form');
  var unsaved = document.getElementById('unsaved');

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // dirty reports whether the correction form holds values that differ
  // from the ones the page was served with, or refused values the server
  // sent back.
  function dirty() {
    if (!edit) {
      return false;
    }
    if (edit.getAttribute('data-dirty') === '1') {
      return true;
    }
    for (var i = 0; i < edit.elements.length; i++) {
      var el = edit.elements[i];
      // Controls without a name (the evidence field menu) post nothing.
      if (!el.name || el.type === 'hidden' || el.type === 'submit' || el.type === 'button') {
        continue;
      }
      if (el.type === 'checkbox' || el.type === 'radio') {
        if (el.checked !== el.defaultChecked) {
          return true;
        }
      } else if (el.tagName === 'SELECT') {
        for (var j = 0; j < el.options.length; j++) {
          if (el.options[j].selected !== el.options[j].defaultSelected) {
            return true;
          }
        }
      } else if (el.value !== el.defaultValue) {
        return true;
      }
    }
    return false;
  }

  // warn shows the unsaved-corrections message and opens the form.
  function warn() {
    if (unsaved) {
      unsaved.hidden = false;
    }
    var details = document.getElementById('edit');
    if (details) {
      details.open = true;
      details.scrollIntoView({block: 'nearest'});
    }
  }

  // A decision made elsewhere on the page would drop the corrections.
  document.addEventListener('submit', function (ev) {
    if (ev.target !== edit && dirty()) {
      ev.preventDefault();
      warn();
    }
  }, true);

  var discard = document.getElementById('discard');
  if (discard && edit) {
    discard.addEventListener('click', function () {
      edit.reset();
      edit.removeAttribute('data-dirty');
      // Selections added on this page go too; saved ones come back.
      document.querySelectorAll('#picked .pick:not([data-saved])').forEach(function (n) { n.remove(); });
      unsaved.hidden = true;
    });
  }

  // Evidence for corrections: the words selected in the article become a
  // "field:start-end" value of the correction form, in byte offsets of the
  // stored text. Each piece of the text carries its offsets (data-at,
  // data-end); an invisible character shown by name counts whole.
  var utf8 = new TextEncoder();
  function byteAt(node, offset, atEnd) {
    var el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    var seg = el && el.closest('[data-at]');
    if (!seg) {
      return -1;
    }
    var at = Number(seg.getAttribute('data-at'));
    var end = Number(seg.getAttribute('data-end'));
    if (node.nodeType !== Node.TEXT_NODE || el.closest('.ctl')) {
      if (node === seg && offset === 0) {
        return at;
      }
      return atEnd ? end : at;
    }
    return at + utf8.encode(node.data.slice(0, offset)).length;
  }
  var pick = document.getElementById('pick');
  var picked = document.getElementById('picked');
  function unpick(ev) {
    ev.target.closest('.pick').remove();
    edit.setAttribute('data-dirty', '1');
  }
  if (pick && picked) {
    picked.querySelectorAll('.unpick').forEach(function (b) { b.addEventListener('click', unpick); });
    pick.addEventListener('click', function () {
      var sel = window.getSelection();
      var text = document.getElementById('text');
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !text.contains(sel.getRangeAt(0).commonAncestorContainer)) {
        window.alert('Select some words in the article first.');
        return;
      }
      var r = sel.getRangeAt(0);
      var start = byteAt(r.startContainer, r.startOffset, false);
      var end = byteAt(r.endContainer, r.endOffset, true);
      if (start < 0 || end <= start) {
        return;
      }
      var field = document.getElementById('pick-field').value;
      var item = document.createElement('span');
      item.className = 'pick';
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = 'evidence';
      input.value = field + ':' + start + '-' + end;
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'unpick';
      remove.setAttribute('aria-label', 'remove');
      remove.textContent = '×';
      remove.addEventListener('click', unpick);
      item.append(input, field + ': “' + sel.toString() + '” ', remove);
      picked.append(item);
      edit.setAttribute('data-dirty', '1');
    });
  }

  var help = document.getElementById('keys-help');

  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) {
      return;
    }
    if (help && !typing(ev.target) && (ev.key === '?' || (ev.key === 'Escape' && !help.hidden))) {
      ev.preventDefault();
      help.hidden = ev.key === 'Escape' ? true : !help.hidden;
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
    if (leaving.indexOf(ev.key) >= 0 && dirty()) {
      warn();
      return;
    }
    if (el.tagName === 'DETAILS') {
      el.open = true;
      el.scrollIntoView({block: 'nearest'});
      var first = el.querySelector('input:not([type=hidden]), select, textarea');
      if (first) {
        first.focus();
      }
      return;
    }
    if (typing(el)) {
      el.focus();
      return;
    }
    el.click();
  });
  // An event page opens with its first evidence in view, unless the
  // address names a place to go to.
  var first = document.querySelector('#text mark');
  if (first && !location.hash) {
    first.scrollIntoView({block: 'center'});
    window.scrollTo(0, 0);
  }

  // Tells tests (and curious people) that the shortcuts are live.
  document.documentElement.setAttribute('data-keys', 'on');
})();

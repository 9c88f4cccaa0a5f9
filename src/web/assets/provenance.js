// Long source texts scroll inside their box: bring each marked quote into view there.
(() => {
  for (const source of document.querySelectorAll('.source')) {
    const mark = source.querySelector('mark');
    if (mark) source.scrollTop = Math.max(0, mark.offsetTop - source.offsetTop - source.clientHeight / 3);
  }
})();

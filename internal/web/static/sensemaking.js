// The "What we heard" report: a print button (the page prints without it too).
document.documentElement.classList.add('has-js');
document.addEventListener('click', (e) => {
  if (e.target.closest('[data-print]')) window.print();
});

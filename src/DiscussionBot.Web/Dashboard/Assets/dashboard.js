// The dashboard works without this file; it only saves clicks. No inline scripts: the page's CSP is script-src 'self'.
document.addEventListener('submit', function (event) {
  var form = event.target;
  var question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
document.addEventListener('change', function (event) {
  var field = event.target;
  if (field.classList && field.classList.contains('autosubmit') && field.form) {
    field.form.submit();
  }
});

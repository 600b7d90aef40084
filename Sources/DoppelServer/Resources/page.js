// Hovering a copied passage on one side marks its counterpart on the other.
document.querySelectorAll('mark[data-passage]').forEach(function (mark) {
  mark.addEventListener('mouseenter', function () {
    document.querySelectorAll('mark[data-passage="' + mark.dataset.passage + '"]').forEach(function (m) { m.classList.add('active'); });
  });
  mark.addEventListener('mouseleave', function () {
    document.querySelectorAll('mark.active').forEach(function (m) { m.classList.remove('active'); });
  });
});
// The upload form posts one article to the API with the token.
var form = document.getElementById('upload');
if (form) form.addEventListener('submit', function (event) {
  event.preventDefault();
  var data = new FormData(form), article = {};
  ['id', 'title', 'url', 'date', 'text'].forEach(function (k) { if (data.get(k)) article[k] = data.get(k); });
  fetch('/v1/articles', {method: 'POST', headers: {'Content-Type': 'application/json', 'Authorization': 'Bearer ' + data.get('token')},
    body: JSON.stringify(article)})
    .then(function (r) { return r.json().then(function (body) { return [r.ok, body]; }); })
    .then(function (result) {
      var out = document.getElementById('result');
      if (!result[0]) { out.textContent = result[1].error.message; return; }
      var a = result[1].articles[0];
      out.innerHTML = '';
      var link = document.createElement('a');
      link.href = '/articles/' + encodeURIComponent(a.id); link.textContent = 'Added ' + a.id;
      out.appendChild(link);
    });
});

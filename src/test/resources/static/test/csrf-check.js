// Test-only page script (served from the service's own origin, so CSP script-src 'self' allows it).
fetch('/api/auth/csrf', { credentials: 'same-origin' })
  .then((r) => r.json())
  .then((t) => fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': t.token } }))
  .then((r) => { document.title = 'status ' + r.status; })
  .catch(() => { document.title = 'failed'; });

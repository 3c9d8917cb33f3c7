// The hub's JSON API with the caller's key, signing in, and who the page talks as.

export let me = {}; // who the page talks as (/api/me); workList: the unit a signed-in viewer's lists are kept to

export function headers() {
  const key = sessionStorage.getItem('siphub-key');
  return key ? { Authorization: `Bearer ${key}` } : {};
}

export async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...headers(), ...(options.headers || {}) } });
  if (response.status === 401) {
    await showSignIn();
    throw new Error('Logga in för att se uppgifterna.');
  }
  if (response.status === 403) throw new Error('Din roll får inte göra detta.');
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || problem.title || `Fel ${response.status}`);
  }
  const type = response.headers.get('content-type') || '';
  return type.includes('json') ? response.json() : response.text();
}

// People sign in through the region's identity provider when the hub has one; a key typed here works too.
async function showSignIn() {
  const hub = await fetch('/api/me', { headers: headers() }).then((r) => r.json()).catch(() => ({}));
  document.getElementById('sign-in').hidden = hub.signIn !== 'oidc';
  document.getElementById('key-form').hidden = false;
}

export async function showWho() {
  me = await fetch('/api/me', { headers: headers() }).then((r) => r.json()).catch(() => ({}));
  document.getElementById('who').textContent = me.name ? `${me.name} (${me.role}${me.workList ? `, ${me.workList}` : ''})` : '';
}

// The entry module says what follows a typed key (the page and the stream); this module keeps only the key.
export function onSignIn(signedIn) {
  document.getElementById('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem('siphub-key', document.getElementById('api-key').value);
    document.getElementById('key-form').hidden = true;
    document.getElementById('sign-in').hidden = true;
    signedIn();
  });
}

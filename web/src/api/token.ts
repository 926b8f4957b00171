// The server may need a bearer token for changes (`serve --token`, docs/operations.md). The page
// asks for it on the first change the server refuses with 401, keeps it for the tab
// (sessionStorage), sends it with every change after, and asks again only when the server says
// the token it got is wrong (`error="invalid_token"`).

/** Asks the person for the token; `wrong` when the one sent was refused. Null: none given. */
export type AskToken = (wrong: boolean) => string | null;

const KEY = 'healthboard.token';

let ask: AskToken = (wrong) =>
  window.prompt(
    wrong
      ? 'The server refused that token. Token:'
      : 'This server needs a token to change the lab (healthboard serve --token). Token:',
  );

/** Replace the prompt (tests). Returns the previous one. */
export function setTokenPrompt(f: AskToken): AskToken {
  const previous = ask;
  ask = f;
  return previous;
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: the token is asked for each time
  }
}

function store(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, token);
  } catch {
    // storage disabled: nothing kept
  }
}

/** After a 401 on a change: the token to send again, asked for and kept; null when none. */
export function tokenAfterRefusal(wwwAuthenticate: string | null): string | null {
  const wrong = (wwwAuthenticate ?? '').includes('invalid_token');
  if (wrong) store(null);
  const token = ask(wrong)?.trim();
  if (!token) return null;
  store(token);
  return token;
}

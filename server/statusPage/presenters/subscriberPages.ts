/**
 * The small pages a subscriber's links open (issue 21). Opening a link only shows a button: mail
 * scanners open links in emails, and must not confirm or end a subscription by doing so.
 */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title></head><body style="font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem">
<h1 style="font-size:1.4rem">${html(title)}</h1>${body}</body></html>`;
}

export function actionPage(pageName: string, what: 'confirm' | 'unsubscribe'): string {
  const label = what === 'confirm' ? 'Confirm my subscription' : 'Unsubscribe';
  const lead = what === 'confirm' ? `Receive the status updates of ${pageName} at this address?` : `Stop receiving the status updates of ${pageName}?`;
  return page(pageName, `<p>${html(lead)}</p><form method="post"><button type="submit" style="font:inherit;padding:.5rem 1rem">${label}</button></form>`);
}

export function donePage(pageName: string, pageUrl: string, message: string): string {
  return page(pageName, `<p role="status">${html(message)}</p><p><a href="${html(pageUrl)}">Back to the status page</a></p>`);
}

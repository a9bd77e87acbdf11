/**
 * "Add another device": a one-time link that signs the phone (or another laptop) in as this
 * same person, instead of joining again under a second name (issue 13). A native modal dialog:
 * focus is trapped, Escape closes it; the link is selected for copying.
 */
import { useEffect, useRef, useState } from 'react';
import type { DeviceLink } from '../../../shared/api.ts';
import { apiRequest, errorMessage } from '../api/http.ts';
import { shortTime } from '../format/time.ts';
import '../styles/identity.css';

export function AddDeviceDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [link, setLink] = useState<DeviceLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const asked = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    apiRequest<DeviceLink>('POST', '/api/session/device-link').then(setLink, (e: unknown) => setError(errorMessage(e)));
  }, []);

  useEffect(() => {
    input.current?.select();
  }, [link]);

  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, a denied permission): the link is selected for Ctrl+C.
      input.current?.select();
    }
  };

  return (
    <dialog ref={ref} className="dialog" onClose={onClose} aria-labelledby="add-device-title" data-testid="add-device-dialog">
      <div className="stack">
        <h2 id="add-device-title">Add another device</h2>
        <p>Open this link on your other device to sign in there as yourself. It works once, within 10 minutes; keep it to yourself.</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {link && (
          <>
            <div className="device-link-row">
              <input aria-label="One-time sign-in link" ref={input} readOnly value={link.url} data-testid="device-link" onFocus={(e) => e.target.select()} />
              <button type="button" onClick={() => void copy()}>
                {copied ? 'Copied' : 'Copy'}
              </button>
            </div>
            <p className="muted small">Valid until {shortTime(link.expiresAt)}.</p>
          </>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={() => ref.current?.close()} autoFocus={!link}>
            Done
          </button>
        </div>
      </div>
    </dialog>
  );
}

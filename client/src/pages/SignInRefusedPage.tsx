/**
 * Where the provider's sign-in ends without a session: why, in words, and what to do next
 * (issue 13: a person in none of the responder groups must be told so, not shown a blank page).
 */
import { useEffect } from 'react';
import { SIGN_IN_REFUSALS } from '../../../shared/api.ts';
import type { SignInRefusal } from '../../../shared/api.ts';
import { useSessionOptions } from '../api/useSessionOptions.ts';
import { ProviderSignIn } from '../components/ProviderSignIn.tsx';

const EXPLANATIONS: Record<SignInRefusal, { title: string; text: string; retry: boolean }> = {
  'not-in-group': {
    title: 'Your account is not allowed to respond here',
    text: 'You signed in, but your account is not in any of the groups this Incident Room lets in. Ask your identity administrator (or whoever runs on-call) to add you to a responder group, then sign in again.',
    retry: false,
  },
  deactivated: {
    title: 'Your account was deactivated',
    text: 'An administrator of this Incident Room deactivated your account. Ask them to reactivate it if you should have access.',
    retry: false,
  },
  expired: {
    title: 'That sign-in could not be finished',
    text: 'It took too long, was already used, or was started in another browser. Start again from here.',
    retry: true,
  },
  failed: {
    title: 'Sign-in failed',
    text: "The identity provider's answer could not be verified. Start again; if it keeps failing, tell whoever runs this server.",
    retry: true,
  },
  cancelled: {
    title: 'Sign-in was cancelled',
    text: 'The identity provider reports that the sign-in was cancelled or not allowed.',
    retry: true,
  },
};

export function SignInRefusedPage({ reason }: { reason: string | null }) {
  const known = SIGN_IN_REFUSALS.find((r) => r === reason) ?? 'failed';
  const explanation = EXPLANATIONS[known];
  const { options } = useSessionOptions();
  useEffect(() => {
    document.title = `${explanation.title} · Incident Room`;
  }, [explanation]);
  return (
    <main className="notice-page stack" data-testid="sign-in-refused" data-reason={known}>
      <h1>{explanation.title}</h1>
      <p role="alert">{explanation.text}</p>
      {explanation.retry && options?.oidc && <ProviderSignIn oidc={options.oidc} returnTo="/" />}
    </main>
  );
}

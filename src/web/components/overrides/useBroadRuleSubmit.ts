import { useCallback, useState } from 'react';
import { broadRuleWarning } from './OverrideFields';

/**
 * Saving an override (or Mark as success with one): the server answers 409 for a broad rule, which
 * becomes `confirming` (the words to show); the next submit then sends `confirm: true`.
 */
export function useBroadRuleSubmit(send: (confirm: boolean) => Promise<void>, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await send(confirming !== null);
      onDone();
    } catch (caught) {
      const warning = broadRuleWarning(caught);
      if (warning) setConfirming(warning);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const reset = useCallback(() => {
    setError(null);
    setConfirming(null);
  }, []);
  return { busy, error, confirming, submit, reset, unconfirm: () => setConfirming(null) };
}

/**
 * A mail body, which is hostile input: loaded from its own route (with its own CSP) into an iframe
 * whose empty sandbox attribute forbids scripts, forms, navigation, popups and same-origin access.
 */
export function MailFrame({ messageId, height = 480 }: { messageId: number; height?: number }) {
  return (
    <iframe
      sandbox=""
      referrerPolicy="no-referrer"
      title="Mail body"
      src={`/api/v1/messages/${messageId}/body`}
      style={{ width: '100%', height, border: '1px solid var(--mantine-color-default-border)', background: 'white' }}
    />
  );
}

/** Download link of the raw mail; the server sends it as a message/rfc822 attachment. */
export function EmlLink({ messageId }: { messageId: number }) {
  return <a href={`/api/v1/messages/${messageId}/eml`} download={`message-${messageId}.eml`}>.eml</a>;
}

import { Badge, Group, Tooltip } from '@mantine/core';
import type { OverrideBadge, RemarkBadge, TicketBadge } from '../../api/types';

/** 🎫 tickets and 💬 remarks linked to runs, as small badges; the remark's text shows on hover. */
export function NoteBadges({ tickets, remarks }: { tickets: TicketBadge[]; remarks: RemarkBadge[] }) {
  if (tickets.length === 0 && remarks.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap" component="span">
      {tickets.map((t) => (
        <Badge key={`t${t.id}`} color="indigo" variant="light" data-testid="ticket-badge" title={`Ticket ${t.code}`}>🎫 {t.code}</Badge>
      ))}
      {remarks.map((r) => (
        <Tooltip key={`r${r.id}`} label={r.body} multiline maw={360}>
          <Badge color="gray" variant="light" data-testid="remark-badge" maw={220}>💬 {r.body}</Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

/** The blue "override" badge naming the rule that made a run or object count as success. */
export function OverrideRuleBadge({ rule }: { rule: OverrideBadge | null | undefined }) {
  if (!rule) return null;
  return <Badge color="blue" variant="outline" data-testid="override-rule" title={rule.label} maw={360}>override {rule.label}</Badge>;
}

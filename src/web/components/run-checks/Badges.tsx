import { Badge, Group, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import type { OverrideBadge, RemarkBadge, TicketBadge } from '../../api/types';

/** 🎫 tickets and 💬 remarks linked to runs, as small badges; the remark's text shows on hover. */
export function NoteBadges({ tickets, remarks }: { tickets: TicketBadge[]; remarks: RemarkBadge[] }) {
  if (tickets.length === 0 && remarks.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap" component="span">
      {tickets.map((t) => (
        <Badge key={`t${t.id}`} component={Link} to="/tickets" color={t.resolved ? 'gray' : 'indigo'} variant="light" tt="none" data-testid="ticket-badge"
          title={`Ticket ${t.code}${t.resolved ? ' (resolved)' : ''}`} td={t.resolved ? 'line-through' : undefined} style={{ cursor: 'pointer' }} onClick={(e) => e.stopPropagation()}>
          🎫 {t.code}
        </Badge>
      ))}
      {remarks.map((r) => (
        <Tooltip key={`r${r.id}`} label={`${r.body}${r.resolved ? ' (resolved)' : ''}`} multiline maw={360} withinPortal>
          <Badge component={Link} to="/tickets?tab=remarks" color="gray" variant={r.resolved ? 'outline' : 'light'} tt="none" data-testid="remark-badge" maw={260}
            td={r.resolved ? 'line-through' : undefined} style={{ cursor: 'pointer' }} onClick={(e) => e.stopPropagation()}>
            💬 {r.body}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

/** The blue "override" badge naming the rule that made a run or object count as success. */
export function OverrideRuleBadge({ rule }: { rule: OverrideBadge | null | undefined }) {
  if (!rule) return null;
  return <Badge color="blue" variant="outline" tt="none" data-testid="override-rule" title={rule.label} maw={360}>override {rule.label}</Badge>;
}

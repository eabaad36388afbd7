import { Group, Text } from '@mantine/core';
import type { Dashboard } from '../api/types';

/** Failed (red) and Missed (purple) runs per day as stacked bars, oldest left; each bar says its numbers on hover. */
export function FailuresChart({ days }: { days: Dashboard['failures'] }) {
  const max = Math.max(1, ...days.map((d) => d.failed + d.missed));
  const barWidth = 28;
  const height = 120;
  return (
    <div>
      <svg role="img" aria-label="Failed and missed runs per day over the last 14 days" width="100%" viewBox={`0 0 ${days.length * (barWidth + 6)} ${height + 18}`} style={{ maxWidth: 560 }}>
        {days.map((d, i) => {
          const x = i * (barWidth + 6);
          const failedH = (d.failed / max) * height;
          const missedH = (d.missed / max) * height;
          return (
            <g key={d.date}>
              <title>{`${d.date}: ${d.failed} failed, ${d.missed} missed`}</title>
              <rect x={x} y={height - failedH - missedH} width={barWidth} height={missedH} fill="var(--mantine-color-grape-5)" />
              <rect x={x} y={height - failedH} width={barWidth} height={failedH} fill="var(--mantine-color-red-6)" />
              <text x={x + barWidth / 2} y={height + 14} fontSize={10} textAnchor="middle" fill="currentColor">{d.date.slice(8)}</text>
            </g>
          );
        })}
      </svg>
      <Group gap="md">
        <Text size="xs" c="red">■ failed</Text>
        <Text size="xs" c="grape">■ missed</Text>
      </Group>
    </div>
  );
}

import { logFrame, nanoTimestamp, selectLogLines, type LogOptions } from './log-frames.js';
import type { ServiceLogLine } from './swarm-backend.js';

/**
 * `docker service logs` reads each line as `[timestamp ]<details> <text>`, where the details name the
 * node, service and task (it looks them up to print `web.1.abc@host1 | ...`); without them it fails.
 */
export function encodeServiceLogs(
  lines: readonly ServiceLogLine[],
  serviceId: string,
  options: LogOptions & { details: boolean },
): Buffer {
  const frames = selectLogLines(lines, options).map((line) => {
    const text = line.text.endsWith('\n') ? line.text : `${line.text}\n`;
    const details = options.details
      ? `com.docker.swarm.node.id=${encodeURIComponent(line.nodeId)},com.docker.swarm.service.id=${encodeURIComponent(serviceId)},com.docker.swarm.task.id=${encodeURIComponent(line.taskId)} `
      : '';
    const stamp = options.timestamps ? `${nanoTimestamp(line.at)} ` : '';
    return logFrame(line.stream, `${stamp}${details}${text}`);
  });
  return Buffer.concat(frames);
}

import { dockerExecCreateSchema, dockerExecStartSchema } from '@switchyard/contracts';
import type { ExecInstance } from '../exec/exec-service.js';
import { badParameter, DockerApiError } from './docker-error.js';
import { HijackedStream, multiplexedStream, rawStream, readUpgradeBody } from './hijack.js';
import { readJsonBody, sendEmpty, sendJson } from './http-io.js';
import { streamFrame } from './log-frames.js';
import { parseBody } from './parse-body.js';
import { operator, param, route, viewer, type RequestContext, type Route } from './router.js';

async function create(context: RequestContext): Promise<void> {
  const request = parseBody(dockerExecCreateSchema, await readJsonBody(context.req));
  const instance = await context.deps.exec.create(param(context), {
    command: request.Cmd,
    tty: request.Tty ?? false,
    attachStdin: request.AttachStdin ?? false,
    attachStdout: request.AttachStdout ?? false,
    attachStderr: request.AttachStderr ?? false,
    env: request.Env,
    user: request.User ?? '',
    workingDir: request.WorkingDir ?? '',
    privileged: false,
    detachKeys: request.DetachKeys ?? '',
  });
  sendJson(context.res, 201, { Id: instance.id });
}

/** A terminal's size as `[height, width]`; none when either is 0 (the CLI's "unknown"). */
function size(consoleSize: readonly [number, number] | null | undefined) {
  if (consoleSize === null || consoleSize === undefined) return {};
  const [rows, cols] = consoleSize;
  return rows > 0 && cols > 0 ? { cols, rows } : {};
}

/**
 * `POST /exec/{id}/start`: detached, the session's output goes nowhere; attached, the connection
 * becomes the session's stream: its input in, its output out (framed per stream without a TTY),
 * ended when the program exits. A client that goes away ends the session.
 */
async function start(context: RequestContext): Promise<void> {
  const { req, res, deps, actor, upgrade } = context;
  const read =
    upgrade === null
      ? { body: await readJsonBody(req), rest: Buffer.alloc(0) }
      : await readUpgradeBody(req, upgrade);
  const request = parseBody(dockerExecStartSchema, read.body);
  const instance = deps.exec.get(param(context));
  const options = { ...size(request.ConsoleSize), actor };
  if (request.Detach === true) {
    await deps.exec.start(instance.id, options, { output: () => undefined, exit: () => undefined });
    return sendEmpty(res, 200);
  }
  if (upgrade === null) {
    throw badParameter(
      'an attached exec takes over the connection: send Connection: Upgrade and Upgrade: tcp',
    );
  }
  if (instance.started) throw notRunnable(instance.id);
  const { tty, attachStdin, attachStdout, attachStderr } = instance.config;
  const wanted = { stdout: attachStdout, stderr: attachStderr };
  // As dockerd does, the stream begins first: a failure to run the command is told on it.
  const stream = new HijackedStream(upgrade.socket, tty ? rawStream : multiplexedStream);
  const say = (text: string) =>
    stream.send(tty ? Buffer.from(`${text}\r\n`) : streamFrame('stdout', Buffer.from(`${text}\n`)));
  const session = await deps.exec
    .start(instance.id, options, {
      output: (name, data) => {
        if (!wanted[name]) return;
        stream.send(tty ? Buffer.from(data) : streamFrame(name, data));
      },
      exit: (_code, error) => {
        if (error !== undefined) say(error);
        stream.end();
      },
    })
    .catch((error: unknown) => {
      say(error instanceof Error ? error.message : String(error));
      stream.end();
      return null;
    });
  if (session === null) return;
  if (attachStdin && read.rest.length > 0) session.write(read.rest);
  stream.onInput(
    (chunk) => {
      if (attachStdin) session.write(chunk);
    },
    () => session.endInput(),
  );
  stream.onClose(() => {
    if (!stream.finished) session.kill();
  });
}

const notRunnable = (id: string) =>
  new DockerApiError(409, `exec ${id} has already run: an exec instance runs once`);

/** `POST /exec/{id}/resize?h=&w=`; a 0 (a terminal of unknown size) leaves the size as it is. */
function resize(context: RequestContext): Promise<void> {
  const rows = dimension(context.query, 'h');
  const cols = dimension(context.query, 'w');
  const instance = context.deps.exec.get(param(context));
  if (rows > 0 && cols > 0) context.deps.exec.resize(instance.id, cols, rows);
  sendEmpty(context.res, 200);
  return Promise.resolve();
}

function dimension(query: URLSearchParams, name: string): number {
  const text = query.get(name) ?? '';
  const value = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0 && value <= 1000))
    throw badParameter(`invalid ${name}: "${text}" is not a size of 0-1000`);
  return value;
}

export function toDockerExec(instance: ExecInstance) {
  const [entrypoint = '', ...args] = instance.config.command;
  return {
    ID: instance.id,
    Running: instance.running,
    ExitCode: instance.exitCode ?? 0,
    ProcessConfig: {
      tty: instance.config.tty,
      entrypoint,
      arguments: args,
      privileged: false,
      user: instance.config.user,
    },
    OpenStdin: instance.config.attachStdin,
    OpenStderr: instance.config.attachStderr,
    OpenStdout: instance.config.attachStdout,
    CanRemove: false,
    ContainerID: instance.containerId,
    DetachKeys: instance.config.detachKeys,
    Pid: instance.pid ?? 0,
  };
}

function inspect(context: RequestContext): Promise<void> {
  sendJson(context.res, 200, toDockerExec(context.deps.exec.get(param(context))));
  return Promise.resolve();
}

export const execRoutes: Route[] = [
  route('POST', /^\/containers\/([^/]+)\/exec$/, operator('container exec'), create),
  route('POST', /^\/exec\/([^/]+)\/start$/, operator('container exec'), start),
  route('POST', /^\/exec\/([^/]+)\/resize$/, operator('container exec'), resize),
  route('GET', /^\/exec\/([^/]+)\/json$/, viewer('exec inspect'), inspect),
];

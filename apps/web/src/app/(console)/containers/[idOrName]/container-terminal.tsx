'use client';

import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { liveSocket } from '../../../../lib/live/live-socket';
import { openExecSession } from '../../../../lib/live/exec-session';

type TerminalState =
  | { phase: 'opening' }
  | { phase: 'open' }
  | { phase: 'exited'; exitCode: number }
  | { phase: 'failed'; error: string };

const initialSize = { cols: 80, rows: 24 };

/**
 * A shell in the container: xterm.js over the `/ui` socket's exec channel, sized to its frame (the fit
 * addon's columns and rows go to the command's pseudo-terminal). Leaving the tab ends the session.
 */
export function ContainerTerminal({ containerId }: { containerId: string }) {
  const frame = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<TerminalState>({ phase: 'opening' });

  useEffect(() => {
    const element = frame.current;
    if (element === null) return;
    let disposed = false;
    let cleanup = () => {};
    // xterm touches the DOM when loaded, so it is imported here, in the browser only.
    void Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]).then(
      ([{ Terminal }, { FitAddon }]) => {
        if (disposed) return;
        const terminal = new Terminal({
          cursorBlink: true,
          convertEol: false,
          fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace",
          fontSize: 13,
          theme: { background: '#151920', foreground: '#e3e7ee' },
        });
        const fit = new FitAddon();
        terminal.loadAddon(fit);
        terminal.open(element);
        fit.fit();
        const cols = terminal.cols || initialSize.cols;
        const rows = terminal.rows || initialSize.rows;
        const session = openExecSession(
          liveSocket(),
          { containerId, cols, rows },
          {
            opened: () => {
              setState({ phase: 'open' });
              terminal.focus();
            },
            output: (data) => terminal.write(data),
            ended: (end) => {
              if ('exitCode' in end) {
                terminal.write(`\r\n[exited with code ${end.exitCode}]\r\n`);
                setState({ phase: 'exited', exitCode: end.exitCode });
              } else setState({ phase: 'failed', error: end.error });
              terminal.options.disableStdin = true;
            },
          },
        );
        const typing = terminal.onData((data) => session.input(data));
        const resizing = terminal.onResize(({ cols: width, rows: height }) => session.resize(width, height));
        const observer = new ResizeObserver(() => fit.fit());
        observer.observe(element);
        cleanup = () => {
          observer.disconnect();
          typing.dispose();
          resizing.dispose();
          session.close();
          terminal.dispose();
        };
      },
    );
    return () => {
      disposed = true;
      cleanup();
    };
  }, [containerId]);

  return (
    <div className="terminal">
      <p className="status-line" role="status" data-testid="terminal-status">
        {state.phase === 'opening' && 'Opening a shell…'}
        {state.phase === 'open' && 'Connected: a shell inside the container. Leaving this tab ends it.'}
        {state.phase === 'exited' && `exited with code ${state.exitCode}`}
      </p>
      {state.phase === 'failed' && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
      <div ref={frame} className="terminal-frame" data-testid="container-terminal" />
    </div>
  );
}

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { levelFor, parseLogLevel } from '../src/logging/levels';
import { NodeLogger } from '../src/logging/logger';
import { formatLogLine } from '../src/logging/pretty';

function sink(isTTY = false) {
  const lines: string[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter((l: string) => l.length > 0));
      done();
    },
  }) as Writable & { isTTY?: boolean };
  out.isTTY = isTTY;
  return { out, lines };
}

describe('log_level', () => {
  it('parses a single level and per-module levels', () => {
    expect(parseLogLevel('info').defaultLevel).toBe('info');
    const levels = parseLogLevel('p2p:debug,*:error');
    expect(levelFor(levels, 'p2p')).toBe('debug');
    expect(levelFor(levels, 'rpc')).toBe('error');
    expect(levelFor(parseLogLevel('consensus:none'), 'consensus')).toBe('none');
    expect(levelFor(parseLogLevel('consensus:none'), 'p2p')).toBe('info');
  });

  it('rejects unknown levels and malformed entries, naming log_level', () => {
    expect(() => parseLogLevel('loud')).toThrow(/log_level/);
    expect(() => parseLogLevel('p2p:loud')).toThrow(/unknown level "loud"/);
    expect(() => parseLogLevel('p2p:debug:x')).toThrow(/log_level/);
    expect(() => parseLogLevel(':debug')).toThrow(/log_level/);
  });
});

describe('NodeLogger', () => {
  it('writes JSON lines with the module, honouring per-module levels', () => {
    const { out, lines } = sink();
    const logger = new NodeLogger({ level: 'p2p:debug,*:warn', format: 'plain', out });
    logger.module('p2p').debug('dialing', { addr: 'x@1.2.3.4:5' });
    logger.module('rpc').info('hidden');
    logger.module('rpc').warn('shown', { err: Object.assign(new Error('boom'), { code: 'E_BOOM' }), n: 5n });
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({ level: 20, module: 'p2p', msg: 'dialing', addr: 'x@1.2.3.4:5' });
    const second = JSON.parse(lines[1]!);
    expect(second).toMatchObject({ level: 40, module: 'rpc', msg: 'shown', err: 'boom (E_BOOM)', n: '5' });
  });

  it('uses the human format on a TTY unless log_format is json', () => {
    const tty = sink(true);
    new NodeLogger({ level: 'info', format: 'plain', out: tty.out }).module('main').info('Started node', { nodeId: 'abc' });
    expect(tty.lines[0]).toMatch(/I\[\d{4}-\d{2}-\d{2}\|\d{2}:\d{2}:\d{2}\.\d{3}\] Started node +module=main nodeId=abc/);
    const json = sink(true);
    new NodeLogger({ level: 'info', format: 'json', out: json.out }).module('main').info('x');
    expect(JSON.parse(json.lines[0]!).msg).toBe('x');
  });

  it('the human formatter quotes values with spaces and passes non-JSON through', () => {
    const line = formatLogLine(JSON.stringify({ level: 50, time: 0, module: 'p2p', msg: 'oops', reason: 'two words' }), false);
    expect(line).toMatch(/^E\[.*\] oops +module=p2p reason="two words"\n$/);
    expect(formatLogLine('plain text', false)).toBe('plain text\n');
  });
});

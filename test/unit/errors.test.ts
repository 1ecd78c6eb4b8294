import { describe, expect, it } from 'vitest';
import { MmcpError, isMmcpError } from '../../src/protocol/errors.js';

describe('MmcpError', () => {
  it('marks only transient server codes as retryable', () => {
    for (const code of ['rate_limited', 'resource_exhausted', 'model_unavailable', 'timeout']) {
      expect(new MmcpError(code, 'x').retryable).toBe(true);
    }
    for (const code of ['internal_error', 'invalid_options', 'unknown_joint', 'bad_response']) {
      expect(new MmcpError(code, 'x').retryable).toBe(false);
    }
  });

  it('survives a JSON round trip across a worker boundary', () => {
    const e = new MmcpError('unknown_joint', 'Joint "Tail" is not in the skeleton', {
      status: 400,
      details: { skeleton_joints: ['Hips'] },
      phase: 'generate',
      requestId: 'req-1',
    });
    const back = MmcpError.fromJSON(JSON.parse(JSON.stringify(e.toJSON())));
    expect(back).toBeInstanceOf(MmcpError);
    expect(isMmcpError(back)).toBe(true);
    expect(back.toJSON()).toEqual(e.toJSON());
  });
});

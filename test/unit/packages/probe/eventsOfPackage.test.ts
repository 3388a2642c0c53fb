import * as assert from 'node:assert/strict';
import { eventsOfPackage, type ProbeEvent } from '../../../../src/core/packages/gate/probe';

const event = (fields: Partial<ProbeEvent>): ProbeEvent => ({ phase: 'import', event: 'open', kind: 'write', detail: 'x', ...fields });

describe('eventsOfPackage', () => {
  const events = [
    event({ module: 'spfx_net' }),
    event({ module: 'spfx_net.sub' }),
    event({ module: 'other' }),
    event({ phase: 'install', origin: '/tmp/pip-install-abc/spfx-setup-home_0123456789abcdef0123456789abcdef/setup.py:8' }),
    event({ phase: 'install', origin: '/tmp/pip-install-abc/spfx-setup-homer_0123456789abcdef0123456789abcdef/setup.py:8' }),
    event({ phase: 'install', origin: '/work/.venv/lib/python3.11/site-packages/spfx_setup_home/__init__.py:1' }),
    event({ phase: 'install', origin: '/work/.venv/lib/python3.11/site-packages/pip/_internal/x.py:1' }),
  ];

  it('picks import events by the module imported and its submodules', () => {
    assert.deepEqual(eventsOfPackage(events, { name: 'spfx-net', modules: ['spfx_net'] }), [events[0], events[1]]);
  });

  it('picks install events by the sdist build dir (PEP 503 name) or the package files', () => {
    assert.deepEqual(eventsOfPackage(events, { name: 'SPFX_Setup.Home', modules: ['spfx_setup_home'] }), [events[3], events[5]]);
  });
});

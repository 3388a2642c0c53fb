import { callRule } from '../rule';

export const snmpRules = [
  // B508: SNMPv1 (mpModel=0) / v2c (mpModel=1).
  callRule({
    names: ['CommunityData'],
    visit(call, ctx) {
      if (call.qualName === 'pysnmp.hlapi.CommunityData' && call.keywordEquals('mpModel', 0, 1)) ctx.report('B508', call.node);
    },
  }),
  // B509: SNMPv3 without both an auth and a priv key (fewer than three positional arguments, as Bandit).
  callRule({
    names: ['UsmUserData'],
    visit(call, ctx) {
      if (call.qualName === 'pysnmp.hlapi.UsmUserData' && call.args.length < 3) ctx.report('B509', call.node);
    },
  }),
];

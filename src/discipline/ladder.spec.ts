import { suspensionDaysFor } from './ladder.js';

describe('the escalation ladder', () => {
  const contract = { windowDays: 90, suspensionDays: [0, 7, 90] };

  it('warns at the first, suspends 7 days at the second, 90 at the third and after', () => {
    expect([1, 2, 3, 4, 9].map((rank) => suspensionDaysFor(contract, rank))).toEqual([0, 7, 90, 90, 90]);
  });

  it('follows a configured ladder', () => {
    expect([1, 2, 3].map((rank) => suspensionDaysFor({ windowDays: 30, suspensionDays: [3] }, rank))).toEqual([3, 3, 3]);
  });
});

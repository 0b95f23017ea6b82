import { maskName, maskPhone } from './masks.js';

describe('masks', () => {
  it('shows the first character of a name', () => {
    expect(maskName('张桂兰')).toBe('张*');
    expect(maskName('𠮷野家')).toBe('𠮷*');
  });

  it('shows a mobile number as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('8765432')).toBe('*****32');
  });
});
